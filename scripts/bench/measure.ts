/** Time and memory of one operation: wall clock, this process's CPU time, and peak memory while it ran. */
export interface Measured<T> {
  result: T;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  rssGrowthMb: number;
}

const MB = 1024 * 1024;

export async function measure<T>(run: () => Promise<T>): Promise<Measured<T>> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  sample();
  return {
    result,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: peakRss / MB,
    peakHeapMb: peakHeap / MB,
    rssGrowthMb: (peakRss - before.rss) / MB,
  };
}

export const fmt = (n: number, digits = 0) => n.toFixed(digits);
