// Synthesizes auth definitions with the real @aws-amplify/auth-construct, offline: no AWS account,
// no credentials, no deployment. Spoken to in JSON lines (see localhost/node.py).
//
// Request: {"id": 1, "op": "synthesize", "definition": {
//             "loginWith": {"email": true, "phone": true},   // defineAuth's loginWith
//             "accountRecovery": "EMAIL_ONLY",               // or null: defineAuth's accountRecovery
//             "poolOverrides": [["Policies.PasswordPolicy.MinimumLength", 32]],   // cfnUserPool.addPropertyOverride
//             "clientOverrides": [["PreventUserExistenceErrors", "LEGACY"]],      // cfnUserPoolClient.addPropertyOverride
//             "assignedPasswordPolicy": {"MinimumLength": 12, ...} or null,      // cfnUserPool.policies = {...}
//             "multifactor": {"mode": "OPTIONAL", "sms": true} or null}}        // defineAuth's multifactor
// Answer:  {"id": 1, "ok": true, "value": {"userPool": {...}, "userPoolClient": {...}, "outputs": {...}}}
//   userPool / userPoolClient: the CloudFormation Properties of the AWS::Cognito::UserPool and
//   AWS::Cognito::UserPoolClient the stack synthesizes; outputs: the stack outputs the construct
//   stores for amplify_outputs (passwordPolicyMinLength, passwordPolicyRequirements, ...).
// A definition the construct refuses answers {"ok": false, "error": {"name", "message"}}.
//
// stdout carries only the protocol: console output goes to stderr.

import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';

const protocolOut = process.stdout.write.bind(process.stdout);
for (const method of ['log', 'info', 'debug', 'warn', 'error', 'trace']) {
	console[method] = (...args) => process.stderr.write(`[console.${method}] ${format(...args)}\n`);
}

const require = createRequire(import.meta.url);
const { App, Stack } = require('aws-cdk-lib');
const { AmplifyAuth } = require('@aws-amplify/auth-construct');

function versionOf(name) {
	// Read from this folder's node_modules: some packages do not export their package.json.
	const file = new URL(`./node_modules/${name}/package.json`, import.meta.url);
	return JSON.parse(readFileSync(file, 'utf8')).version;
}
const versions = {
	'@aws-amplify/auth-construct': versionOf('@aws-amplify/auth-construct'),
	'aws-cdk-lib': versionOf('aws-cdk-lib'),
	constructs: versionOf('constructs'),
	node: process.versions.node,
};

// CloudFormation property name -> the L1 attribute that holds it (MinimumLength -> minimumLength).
const l1Name = (name) => name.charAt(0).toLowerCase() + name.slice(1);

function synthesize(definition) {
	const outdir = mkdtempSync(join(tmpdir(), 'amplify-backend-synth-'));
	try {
		const app = new App({ outdir, context: { 'aws:cdk:disable-version-reporting': true } });
		const stack = new Stack(app, 'auth');
		const props = { loginWith: definition.loginWith };
		if (definition.accountRecovery) props.accountRecovery = definition.accountRecovery;
		if (definition.multifactor) props.multifactor = definition.multifactor;
		const auth = new AmplifyAuth(stack, 'auth', props);
		const { cfnUserPool, cfnUserPoolClient } = auth.resources.cfnResources;
		if (definition.assignedPasswordPolicy) {
			const passwordPolicy = {};
			for (const [name, value] of Object.entries(definition.assignedPasswordPolicy)) {
				passwordPolicy[l1Name(name)] = value;
			}
			cfnUserPool.policies = { passwordPolicy };
		}
		for (const [path, value] of definition.poolOverrides ?? []) cfnUserPool.addPropertyOverride(path, value);
		for (const [path, value] of definition.clientOverrides ?? []) cfnUserPoolClient.addPropertyOverride(path, value);

		const template = app.synth().getStackByName(stack.stackName).template;
		const only = (type) => {
			const found = Object.values(template.Resources).filter((r) => r.Type === type);
			if (found.length !== 1) throw new Error(`the stack has ${found.length} resources of type ${type}, not 1`);
			return found[0].Properties ?? {};
		};
		const outputs = {};
		for (const [name, output] of Object.entries(template.Outputs ?? {})) outputs[name] = output.Value;
		return {
			userPool: only('AWS::Cognito::UserPool'),
			userPoolClient: only('AWS::Cognito::UserPoolClient'),
			outputs,
		};
	} finally {
		rmSync(outdir, { recursive: true, force: true });
	}
}

function send(message) {
	protocolOut(`${JSON.stringify(message)}\n`);
}

function answer(line) {
	let request;
	try {
		request = JSON.parse(line);
	} catch (error) {
		send({ id: null, bridgeError: `a request was not JSON: ${error.message}` });
		return;
	}
	if (request.op !== 'synthesize') {
		send({ id: request.id, bridgeError: `unknown operation ${JSON.stringify(request.op)}` });
		return;
	}
	try {
		send({ id: request.id, ok: true, value: synthesize(request.definition) });
	} catch (error) {
		process.stderr.write(`${error?.stack ?? error}\n`);
		send({ id: request.id, ok: false, error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } });
	}
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
	if (line.trim()) answer(line);
});
lines.on('close', () => process.exit(0));
send({ id: 0, ok: true, value: { ready: true, versions } });
