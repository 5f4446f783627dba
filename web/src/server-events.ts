import { EVENTS_URL } from './api';

/** Named events of `GET /api/events`. */
export type ServerEventName = 'accounts' | 'log';
type Listener = (data: unknown) => void;

const EVENT_NAMES: readonly ServerEventName[] = ['accounts', 'log'];
const RECONNECT_DELAY_MS = 5000;

const listeners = new Map<ServerEventName, Set<Listener>>();
let source: EventSource | undefined;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function hasListeners(): boolean {
  for (const set of listeners.values()) if (set.size > 0) return true;
  return false;
}

function openSource(): void {
  if (source !== undefined || typeof EventSource === 'undefined') return;
  const opened = new EventSource(EVENTS_URL, { withCredentials: true });
  source = opened;
  for (const name of EVENT_NAMES) {
    opened.addEventListener(name, (event) => {
      const data = parseData((event as MessageEvent<string>).data);
      for (const listener of listeners.get(name) ?? []) listener(data);
    });
  }
  // EventSource retries by itself after network errors; it gives up (CLOSED) on HTTP errors such as a 401.
  // Pages poll as well, so a closed stream costs freshness, not correctness; try again a little later.
  opened.addEventListener('error', () => {
    if (opened.readyState !== EventSource.CLOSED) return;
    if (source === opened) source = undefined;
    if (reconnectTimer === undefined && hasListeners()) {
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        if (hasListeners()) openSource();
      }, RECONNECT_DELAY_MS);
    }
  });
}

/** Closes the stream (on logout); the next subscription opens a new one. */
export function closeServerEvents(): void {
  if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
  reconnectTimer = undefined;
  source?.close();
  source = undefined;
}

/** Listens for one named server event over a single shared EventSource; returns the unsubscribe function. */
export function subscribeToServerEvent(name: ServerEventName, listener: Listener): () => void {
  let set = listeners.get(name);
  if (set === undefined) {
    set = new Set();
    listeners.set(name, set);
  }
  set.add(listener);
  openSource();
  return () => {
    set.delete(listener);
    if (!hasListeners()) closeServerEvents();
  };
}
