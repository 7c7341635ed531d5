/** One term and its value; `hex` marks serials and fingerprints, set monospace for reading out. */
export interface Detail {
  readonly term: string;
  readonly value: string;
  readonly hex?: boolean;
}

/** Term and value pairs as a description list: side by side while they fit, stacked at large text. */
export function DetailList({ details, className }: { details: readonly Detail[]; className?: string }) {
  return (
    <dl className={className === undefined ? 'token-details' : `token-details ${className}`}>
      {details.map(({ term, value, hex = false }) => (
        <div key={term} className="token-details__row">
          <dt className="token-details__term">{term}</dt>
          <dd className={hex ? 'token-details__value hex' : 'token-details__value'}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
