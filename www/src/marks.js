// Performance marks for the cold-start breakdown (read by bench/): each name is marked once,
// the first time it happens. Marks made in the worker are posted here with their absolute
// time (timeOrigin + now) and placed on this thread's timeline.

const made = new Set();

/** Marks `name` once; `at` (absolute ms, timeOrigin-based) for a time taken on another thread. */
export function mark(name, at) {
  if (made.has(name) || typeof performance === 'undefined' || !performance.mark) return;
  made.add(name);
  try {
    if (at === undefined) performance.mark(name);
    else performance.mark(name, { startTime: Math.max(0, at - performance.timeOrigin) });
  } catch {
    // an old browser without mark options: the breakdown is for measuring, never needed
  }
}

/** The absolute time now (comparable across threads). */
export const now = () => performance.timeOrigin + performance.now();
