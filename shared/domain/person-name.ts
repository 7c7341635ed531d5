// Zod-free, so the renderer can import it: how a certificate's subject is named to people.

/** The parts of a subject a person reads; `display` is the RFC 4514 string, the last resort. */
export interface NamedSubject {
  readonly commonName?: string | undefined;
  readonly organization?: string | undefined;
  readonly display: string;
}

/**
 * "Nguyễn Văn An, Cục Cơ yếu": the name and organisation, each once, never "CN=…, O=…, C=VN".
 * The RFC 4514 form only when the certificate names neither.
 */
export function nameAndOrganisation(subject: NamedSubject): string {
  const parts = [...new Set([subject.commonName, subject.organization].filter((part): part is string => part !== undefined && part.trim() !== ''))];
  return parts.length > 0 ? parts.join(', ') : subject.display;
}
