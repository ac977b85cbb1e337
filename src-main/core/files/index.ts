// File helpers for every layer: one atomic replacement (temporary file, fsync, rename, folder
// fsync), whole-folder copies that appear only once complete, and opening a named file with an
// error that names it. Node only; imports nothing else of the core but its errors.
//
//   writeFileAtomic(file, text | bytes, { previous? })   the whole content at once
//   writeAtomic(file, (put) => { put(bytes); ... }, …)    streamed in pieces (large tensor files)
//   copyFolder(from, to)                                  into a hidden sibling, then renamed
//   openToRead(file) / unreadable(file, err)             NOT_FOUND "<file>: cannot open (no such file)"

export { syncFolder, writeAtomic, writeFileAtomic, type AtomicWriteOptions, type WriteBytes } from './atomic-write.js';
export { copyFolder } from './copy-folder.js';
export { openToRead, unreadable } from './read.js';
