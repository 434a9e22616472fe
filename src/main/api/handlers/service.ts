import type { ServiceChange, ServiceStatus } from '../../../shared/commands/service';
import type { ParsedArgs } from '../../../shared/contract';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';

/**
 * This app's own connection to a shared service, as the local engine answers it: connecting and
 * disconnecting take effect at the next start (the host composes it; serve mode has none, being the
 * service). Signing in and out of a service is the remote console's (src/main/remote/).
 */
export interface ServiceControl {
  status(): ServiceStatus;
  connect(args: ParsedArgs<'service.connect'>): Promise<ServiceChange>;
  disconnect(): Promise<ServiceChange>;
  restart(): boolean;
}

const LOCAL: ServiceStatus = {
  mode: 'local',
  url: null,
  fingerprint256: null,
  username: null,
  signedIn: false,
  offline: null,
};

function notConnected(): never {
  throw new ApiFailure('conflict', 'This app runs its own engine; it is not a console of a service.');
}

export function serviceHandlers(ctx: HandlerContext): {
  'service.status': Handler<'service.status'>;
  'service.connect': Handler<'service.connect'>;
  'service.disconnect': Handler<'service.disconnect'>;
  'service.restart': Handler<'service.restart'>;
  'service.accessState': Handler<'service.accessState'>;
  'service.signIn': Handler<'service.signIn'>;
  'service.signOut': Handler<'service.signOut'>;
} {
  const control = (): ServiceControl => {
    if (!ctx.service)
      throw new ApiFailure('conflict', 'Only the desktop app connects to a Clearpost service; this is one.');
    return ctx.service;
  };
  return {
    'service.status': () => ctx.service?.status() ?? LOCAL,
    'service.connect': (args) => control().connect(args),
    'service.disconnect': () => control().disconnect(),
    'service.restart': () => ({ restarting: control().restart() }),
    'service.accessState': notConnected,
    'service.signIn': notConnected,
    'service.signOut': notConnected,
  };
}
