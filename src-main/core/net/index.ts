// Network access of the core: downloading a file with resume, progress, a stall timeout and an
// OFFLINE error that says what to do instead (download.ts). Used by the pretrained-encoder hub
// download and the published-dictionary download. Imports only node and core/errors.

export {
  createFetcher,
  DownloadsInFlight,
  fetchPart,
  IDENTITY,
  sizeHeader,
  type Fetcher,
  type FetcherOptions,
  type PartOptions,
} from './download.js';
