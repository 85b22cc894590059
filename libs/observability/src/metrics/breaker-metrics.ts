import { gauge } from './platform-metrics';

export type BreakerStateName = 'closed' | 'open' | 'half-open';
const STATES: BreakerStateName[] = ['closed', 'open', 'half-open'];

const breakers = new Map<string, () => BreakerStateName>();

/** 1 for each breaker's current state, 0 for the others: graphs and alerts select `state="open"`. */
gauge({
  name: 'circuit_breaker_state',
  help: 'State of each circuit breaker: 1 for the current state, 0 for the others',
  labelNames: ['breaker', 'state'],
  collect() {
    this.reset();
    for (const [breaker, stateOf] of breakers) {
      const current = stateOf();
      for (const state of STATES) this.set({ breaker, state }, state === current ? 1 : 0);
    }
  },
});

/** Reports a breaker's state at each scrape, until it is shut down (the last one of a name wins). */
export function trackBreakerState(name: string, stateOf: () => BreakerStateName): () => void {
  breakers.set(name, stateOf);
  return () => {
    if (breakers.get(name) === stateOf) breakers.delete(name);
  };
}
