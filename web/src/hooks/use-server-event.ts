import { useEffect, useRef } from 'preact/hooks';
import { subscribeToServerEvent } from '../server-events';
import type { ServerEventName } from '../server-events';

/** Runs `handler` for every `event: <name>` from `/api/events` while the component is mounted. */
export function useServerEvent(name: ServerEventName, handler: (data: unknown) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribeToServerEvent(name, (data) => latest.current(data)), [name]);
}
