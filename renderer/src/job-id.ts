// Pure module: the id a window gives each long job it starts (encrypting, decrypting to a file,
// rotating the data key; backups and uploads later). Sent with the start, so every event of the
// job names it from the first one on, and a panel takes only its own job's events (main refuses
// an id already running).

/** 128 random bits in hex, as main's JobId schema wants them. */
export function newJobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether `event` belongs to `running`, the job a panel shows (null: none running). */
export function isEventOf(running: { readonly job: string } | null, event: { readonly job: string }): boolean {
  return running !== null && running.job === event.job;
}
