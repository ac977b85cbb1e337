// Checkpoint folders from the Hugging Face hub (download.ts over transfer.ts).

export { downloadEncoder, type DownloadReport } from './download.js';
export { HUB_ENDPOINT, type DownloadedFile, type DownloadOptions, type DownloadProgress } from './transfer.js';
