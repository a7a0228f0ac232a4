// The proof-of-work widget (ALTCHA), loaded by useChallenge only when a form needs it: about 30 KB
// gzip that the log-in page needs only once its IP is asked for a challenge (web/bundle-budget.json).
import 'altcha/external';
import 'altcha/altcha.css';
import ShaWorker from 'altcha/workers/sha?worker';

// The "external" build of the widget with its SHA worker bundled as a file of our own origin: the
// default build starts its workers from blob: URLs, which the server's CSP (script-src 'self') forbids.
globalThis.$altcha.algorithms.set('SHA-256', () => new ShaWorker());
