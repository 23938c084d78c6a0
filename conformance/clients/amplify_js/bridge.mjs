// The Node side of the suite's amplify-js client: the real aws-amplify library, driven over
// stdin/stdout with one JSON object per line.
//
// Request:  {"id": 1, "op": "call", "client": "c1", "api": "resetPassword", "input": {...}}
// Answer:   {"id": 1, "ok": true, "value": ..., "requests": 1, "seconds": 0.004}
//       or  {"id": 1, "ok": false, "error": {"name": ..., "message": ..., "amplify": true}, "requests": 1, ...}
//
// Operations: hello, open (a client: its Amplify configuration), close, call (one Amplify API),
// accessToken (what the client's token storage holds). Requests are handled one at a time, in order.
//
// Each client the suite opens is one app on one device: its own Amplify configuration and its own
// in-memory token storage. Amplify keeps one configuration and one token storage per process, so
// before a client's call the bridge configures Amplify with that client's configuration and points
// the token provider at that client's storage (Amplify's documented setKeyValueStorage). Two
// clients of the same app client never see each other's session.
//
// Every request Amplify sends goes through the global fetch; the bridge counts them per call so
// that the suite can tell that no request reached the service.
//
// stdout carries only the protocol: console output (Amplify's warnings) is sent to stderr.

import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { format } from 'node:util';

const protocolOut = process.stdout.write.bind(process.stdout);
for (const method of ['log', 'info', 'debug', 'warn', 'error', 'trace']) {
	console[method] = (...args) => process.stderr.write(`[console.${method}] ${format(...args)}\n`);
}

// Count (and time) the requests the library sends; installed before aws-amplify is loaded.
const realFetch = globalThis.fetch;
const traffic = { requests: 0, seconds: 0 };
globalThis.fetch = async (...args) => {
	traffic.requests += 1;
	const started = performance.now();
	try {
		return await realFetch(...args);
	} finally {
		traffic.seconds += (performance.now() - started) / 1000;
	}
};

const { Amplify } = await import('aws-amplify');
const auth = await import('aws-amplify/auth');
const { cognitoUserPoolsTokenProvider } = await import('aws-amplify/auth/cognito');
const { AmplifyError } = await import('@aws-amplify/core/internals/utils');

const require = createRequire(import.meta.url);
const amplifyVersion = JSON.parse(readFileSync(require.resolve('aws-amplify/package.json'), 'utf8')).version;

const APIS = {
	resetPassword: auth.resetPassword,
	confirmResetPassword: auth.confirmResetPassword,
	updatePassword: auth.updatePassword,
	signIn: auth.signIn,
	confirmSignIn: auth.confirmSignIn,
	signUp: auth.signUp,
};

/** One app session's storage: what localStorage would hold for it, kept in memory. */
class MemoryKeyValueStorage {
	constructor() {
		this.items = new Map();
	}
	async setItem(key, value) {
		this.items.set(key, value);
	}
	async getItem(key) {
		return this.items.has(key) ? this.items.get(key) : null;
	}
	async removeItem(key) {
		this.items.delete(key);
	}
	async clear() {
		this.items.clear();
	}
}

const clients = new Map(); // handle -> {config, storage}
let active = null; // the handle Amplify is configured for

function clientOf(handle) {
	const client = clients.get(handle);
	if (!client) throw new BridgeError(`no client ${JSON.stringify(handle)} is open in the bridge`);
	return client;
}

function activate(handle) {
	const client = clientOf(handle);
	if (active !== handle) {
		Amplify.configure(client.config);
		// configure() resets the token provider to the default storage; give it this client's.
		cognitoUserPoolsTokenProvider.setKeyValueStorage(client.storage);
		active = handle;
	}
	return client;
}

class BridgeError extends Error {}

// undefined fields disappear in JSON, as they would for a caller serialising the output.
function plain(value) {
	return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

async function handle(request) {
	switch (request.op) {
		case 'hello':
			return { amplify: amplifyVersion, node: process.versions.node, pid: process.pid };
		case 'open':
			clients.set(request.client, { config: request.config, storage: new MemoryKeyValueStorage() });
			return null;
		case 'close':
			clients.delete(request.client);
			if (active === request.client) active = null;
			return null;
		case 'accessToken': {
			const { storage } = clientOf(request.client);
			for (const [key, value] of storage.items) {
				if (key.endsWith('.accessToken')) return value;
			}
			return null;
		}
		case 'call': {
			const api = APIS[request.api];
			if (!api) throw new BridgeError(`the bridge does not offer ${JSON.stringify(request.api)}`);
			activate(request.client);
			return plain(await api(request.input));
		}
		default:
			throw new BridgeError(`unknown operation ${JSON.stringify(request.op)}`);
	}
}

function send(message) {
	protocolOut(`${JSON.stringify(message)}\n`);
}

async function answer(line) {
	let request;
	try {
		request = JSON.parse(line);
	} catch (error) {
		send({ id: null, bridgeError: `a request was not JSON: ${error.message}` });
		return;
	}
	const before = { ...traffic };
	const measured = () => ({
		requests: traffic.requests - before.requests,
		seconds: traffic.seconds - before.seconds,
	});
	try {
		const value = await handle(request);
		send({ id: request.id, ok: true, value, ...measured() });
	} catch (error) {
		if (error instanceof AmplifyError) {
			// What an Amplify caller catches: an AuthError (or AmplifyError) with name and message.
			send({
				id: request.id,
				ok: false,
				error: { name: error.name, message: error.message, type: error.constructor.name },
				...measured(),
			});
		} else {
			const where = error instanceof BridgeError ? 'the bridge' : 'aws-amplify';
			send({
				id: request.id,
				bridgeError: `${where} threw ${error?.name ?? 'an error'} (not an AmplifyError): ${error?.message ?? error}`,
				stack: error?.stack,
				...measured(),
			});
		}
	}
}

// One request at a time, in arrival order: a call must not interleave with another client's.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
	if (line.trim()) queue = queue.then(() => answer(line));
});
lines.on('close', () => {
	queue.then(() => process.exit(0));
});
send({ id: 0, ok: true, value: { ready: true, amplify: amplifyVersion, node: process.versions.node } });
