import type { BridgeApi } from '../shared/contract';

declare global {
  interface Window {
    /** Present under Electron (set by the preload); absent in a browser, where HTTP + SSE is used. */
    readonly api?: BridgeApi;
  }
}
export {};
