// Work that must happen before Electron's `ready` event. The main entry is an ES module, and
// Electron emits `ready` once the entry's imports have run but possibly before the entry's own
// body does, so these calls live here as side effects of an import (see main.ts).

import { app } from 'electron';
import { resolve } from 'node:path';
import { registerAppScheme } from './protocol.js';
import { hardenWebContents } from './window.js';

app.setName('Crosstag');
// Tests and portable installs keep their settings, recent list and demo out of the real profile.
if (process.env.CROSSTAG_USER_DATA) app.setPath('userData', resolve(process.env.CROSSTAG_USER_DATA));
registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
