// Durable file writes for every layer: one atomic replacement (temporary file, fsync, rename,
// folder fsync) and whole-folder copies that appear only once complete. Node only; imports
// nothing else of the core but its errors.
//
//   writeFileAtomic(file, text | bytes, { previous? })   the whole content at once
//   writeAtomic(file, (put) => { put(bytes); ... }, …)    streamed in pieces (large tensor files)
//   copyFolder(from, to)                                  into a hidden sibling, then renamed

export { syncFolder, writeAtomic, writeFileAtomic, type AtomicWriteOptions, type WriteBytes } from './atomic-write.js';
export { copyFolder } from './copy-folder.js';
