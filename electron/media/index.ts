/**
 * The media module: everything ffmpeg does for the app (clips, stills, probing) plus
 * the pure helpers around it (rational rates, retiming, raw frames, atomic writes).
 * It knows nothing of the engine, the store or IPC; callers hand it frames and paths.
 */
export * from './atomic';
export * from './clip';
export * from './ffmpeg';
export * from './frames';
export * from './probe';
export * from './rational';
export * from './retime';
export * from './stills';
