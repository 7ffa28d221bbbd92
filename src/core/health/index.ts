/*
 * Ready-made `/health/detailed` checks for media services. Each returns a `HealthCheck` for
 * the `healthChecks` option of every adapter and of `serveMetrics`.
 */
export { diskSpaceHealthCheck, type DiskSpaceHealthCheckOptions } from './checks/disk-space-check.js';
export { ffmpegHealthCheck } from './checks/ffmpeg-check.js';
export { ffprobeHealthCheck } from './checks/ffprobe-check.js';
export { redisHealthCheck, type RedisHealthCheckOptions, type RedisPingClient } from './checks/redis-check.js';
export type { BinaryHealthCheckOptions } from './checks/runnable-binary.js';
export { writableDirHealthCheck, type WritableDirHealthCheckOptions } from './checks/writable-dir-check.js';
export type { HealthCheck, HealthCheckFunction, HealthCheckResult, HealthReport } from './health-checks.js';
