// Zod compiles its validators with `new Function` where it may, and probes for that once. A
// webview's CSP forbids eval, so the probe is refused and reported as a CSP violation on every
// load. Validating without compiled code keeps the views clear of it; imported first by every
// view, before any schema is built.
import { config } from 'zod';

config({ jitless: true });
