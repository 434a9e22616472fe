/** The service refused the event stream for this session (401): the person signs in again. */
export class SessionRefused extends Error {
  constructor() {
    super('The service ended this session; sign in again');
    this.name = 'SessionRefused';
  }
}
