/**
 * A form's problem found before sending (no recipient, no subject…), in the alert region that
 * stays mounted so a screen reader announces what is put into it; then the submit button.
 */
export function FormProblem({ id, problem, submit, busy = false }: { id: string; problem: string | null; submit: string; busy?: boolean }) {
  return (
    <>
      <div role="alert" className="field-problem-region">
        {problem !== null && (
          <p id={id} className="field-problem">
            {problem}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
        {submit}
      </button>
    </>
  );
}
