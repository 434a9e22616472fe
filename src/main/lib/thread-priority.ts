/**
 * A lower CPU priority for a thread whose work nobody waits on at the moment it runs: the engine's writer
 * thread commits settlements no one awaits and claims made ahead of a free slot (engine/claiming.ts). When
 * the cores are busy, the threads someone does wait on then run first: the engine's own thread reading the
 * EHR's answers, the console, intake answering webhooks, the operator's other programs, a simulated EHR on
 * the same machine. On an idle machine a lower priority changes nothing: the thread still gets a core. The
 * price: under contention its transactions (a batch of a few milliseconds) take longer to finish, and another
 * writer waiting for the database's lock meanwhile waits that much longer, within its busy timeout.
 *
 * Linux only. There the nice value belongs to each thread ("setpriority(2)", BUGS: "under the current
 * Linux/NPTL implementation of POSIX threads, the nice value is a per-thread attribute"), and Node's
 * `os.setPriority(n)` is setpriority(PRIO_PROCESS, 0, n), which sets it for the calling thread. On Windows and
 * macOS the same call changes the whole process (the console and the engine with it), so it is not made there.
 */
import os from 'node:os';

/**
 * How far below its process the thread runs, in nice steps: sharing a core with a thread of the process's own
 * priority, it gets about a tenth of it (the kernel's weights: 1024 against 110).
 */
export const BACKGROUND_NICE_STEPS = 10;
/** The lowest priority there is (the highest nice value). */
const LOWEST = 19;

/** Lowers the calling thread's priority below its process's, where that is per thread; whether it did. */
export function lowerThreadPriority(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    const own = os.getPriority(); // this thread's, on Linux
    if (own >= LOWEST) return false;
    os.setPriority(Math.min(LOWEST, own + BACKGROUND_NICE_STEPS));
    return true;
  } catch {
    // A container or policy refusing setpriority: the thread keeps its priority; nothing else depends on it.
    return false;
  }
}
