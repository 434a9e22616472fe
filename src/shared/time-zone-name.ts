/** Is the text an IANA time zone this runtime knows ("America/Chicago")? Pure: main and the renderer ask it. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
