#!/usr/bin/env node
// Resolves a synthesized CloudFormation template's IAM policies for one role to concrete ARNs.
//
// Usage: node resolve.mjs TEMPLATE.json [--account 111122223333] [--region us-east-1] [--partition aws]
//                         [--stack HotPartitionRemediator] [--role LOGICAL_ID] [--out policies.json]
//                         [--parameters '{"Name":"value"}']   // values of the template's parameters (else Default)
//
// The role is the one given by --role, or else the role of the template's only AWS::Lambda::Function whose
// role is in the template. Output (JSON):
//   { account, region, partition, stack, role: {logicalId, arn, sessionArn},
//     policies: [{name, policy}],                // identity policies: AWS::IAM::Policy/ManagedPolicy attached
//                                                //  to the role, and the role's inline Policies
//     managedPolicyArns: [...],                  // AWS managed policies (not expanded: not in the template)
//     resourcePolicies: {arn: policy},           // KMS key policies, SNS topic policies, SQS queue policies, and
//                                                //  each function's (or alias's) AWS::Lambda::Permission statements
//                                                //  as Lambda's AddPermission renders them (resources whose
//                                                //  Condition is false are left out)
//     resources: {logicalId: {type, ref, arn}},  // what Ref/GetAtt resolved to
//     unresolved: [...] }                        // any intrinsic left as is (printed as a warning too)
//
// Physical names of resources without an explicit name are made up deterministically, as CloudFormation would
// generate them: <stack>-<logicalId>-<13 characters>, and KMS key IDs are UUID-shaped.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const account = opt('account', '111122223333');
const region = opt('region', 'us-east-1');
const partition = opt('partition', 'aws');
const stack = opt('stack', 'HotPartitionRemediator');
const roleOpt = opt('role', undefined);
const out = opt('out', undefined);
const parameters = JSON.parse(opt('parameters', '{}'));
if (args.length !== 1) {
  console.error('usage: node resolve.mjs TEMPLATE.json [--account A] [--region R] [--partition P] [--stack S] [--role ID] [--out FILE]');
  process.exit(2);
}
const template = JSON.parse(readFileSync(args[0], 'utf8'));
const R = template.Resources ?? {};
const urlSuffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
const unresolved = [];

const hash = (s, n) => createHash('sha256').update(s).digest('hex').slice(0, n);
const generatedName = (id, max = 128) => {
  const suffix = hash(id, 13).toUpperCase();
  let base = `${stack}-${id}`;
  if (base.length + 14 > max) base = base.slice(0, max - 14);
  return `${base}-${suffix}`;
};
const uuid = (id) => {
  const h = hash(id, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const arn = (service, rgn, acct, resource) => `arn:${partition}:${service}:${rgn}:${acct}:${resource}`;

// Ref value and attributes of each resource type used by CDK apps like this one.
const memo = new Map();
function describe(id) {
  if (memo.has(id)) return memo.get(id);
  const r = R[id];
  if (!r) throw new Error(`no resource ${id}`);
  const p = r.Properties ?? {};
  const name = (prop, max) => (p[prop] !== undefined ? resolve(p[prop]) : generatedName(id, max));
  let d;
  switch (r.Type) {
    case 'AWS::DynamoDB::Table': {
      const n = name('TableName', 255);
      const a = arn('dynamodb', region, account, `table/${n}`);
      d = { ref: n, attrs: { Arn: a, StreamArn: `${a}/stream/1970-01-01T00:00:00.000` } };
      break;
    }
    case 'AWS::SNS::Topic': {
      const n = name('TopicName', 256);
      const a = arn('sns', region, account, n);
      d = { ref: a, arn: a, attrs: { TopicArn: a, TopicName: n } };
      break;
    }
    case 'AWS::SQS::Queue': {
      const n = name('QueueName', 80);
      const a = arn('sqs', region, account, n);
      d = { ref: `https://sqs.${region}.${urlSuffix}/${account}/${n}`, arn: a,
        attrs: { Arn: a, QueueName: n, QueueUrl: `https://sqs.${region}.${urlSuffix}/${account}/${n}` } };
      break;
    }
    case 'AWS::KMS::Key': {
      const k = uuid(id);
      const a = arn('kms', region, account, `key/${k}`);
      d = { ref: k, arn: a, attrs: { Arn: a, KeyId: k } };
      break;
    }
    case 'AWS::Logs::LogGroup': {
      const n = name('LogGroupName', 512);
      d = { ref: n, attrs: { Arn: arn('logs', region, account, `log-group:${n}:*`) } };
      break;
    }
    case 'AWS::IAM::Role': {
      const n = name('RoleName', 64);
      const path = p.Path ? resolve(p.Path) : '/';
      d = { ref: n, arn: `arn:${partition}:iam::${account}:role${path}${n}`,
        attrs: { Arn: `arn:${partition}:iam::${account}:role${path}${n}`, RoleId: `AROA${hash(id, 17).toUpperCase()}` } };
      break;
    }
    case 'AWS::IAM::ManagedPolicy': {
      const n = name('ManagedPolicyName', 128);
      d = { ref: `arn:${partition}:iam::${account}:policy/${n}`, attrs: {} };
      break;
    }
    case 'AWS::Lambda::Function': {
      const n = name('FunctionName', 64);
      const a = arn('lambda', region, account, `function:${n}`);
      d = { ref: n, arn: a, attrs: { Arn: a } };
      break;
    }
    case 'AWS::Lambda::Version': {
      const a = `${describe(refId(p.FunctionName)).arn}:1`;
      d = { ref: a, attrs: { Version: '1' } };
      break;
    }
    case 'AWS::Lambda::Alias': {
      const f = resolve(p.FunctionName);
      const fArn = f.startsWith('arn:') ? f : arn('lambda', region, account, `function:${f}`);
      const a = `${fArn}:${resolve(p.Name)}`;
      d = { ref: a, arn: a, attrs: {} };
      break;
    }
    case 'AWS::Events::Rule': {
      const n = name('Name', 64);
      d = { ref: n, attrs: { Arn: arn('events', region, account, `rule/${n}`) } };
      break;
    }
    case 'AWS::CloudWatch::Alarm': {
      const n = name('AlarmName', 255);
      d = { ref: n, attrs: { Arn: arn('cloudwatch', region, account, `alarm:${n}`) } };
      break;
    }
    default:
      d = { ref: `<Ref ${id}>`, attrs: {} };
      unresolved.push(`Ref/GetAtt of ${r.Type} ${id}`);
  }
  d.type = r.Type;
  memo.set(id, d);
  return d;
}

function refId(v) {
  if (v && typeof v === 'object' && v.Ref) return v.Ref;
  if (v && typeof v === 'object' && v['Fn::GetAtt']) return v['Fn::GetAtt'][0];
  throw new Error(`not a reference: ${JSON.stringify(v)}`);
}

const pseudo = {
  'AWS::Partition': partition, 'AWS::Region': region, 'AWS::AccountId': account, 'AWS::URLSuffix': urlSuffix,
  'AWS::StackName': stack, 'AWS::NoValue': undefined,
  'AWS::StackId': `arn:${partition}:cloudformation:${region}:${account}:stack/${stack}/00000000-0000-0000-0000-000000000000`,
};

function ref(name) {
  if (name in pseudo) return pseudo[name];
  if (template.Parameters?.[name]) {
    if (name in parameters) return parameters[name];
    const p = template.Parameters[name];
    if (p.Default !== undefined) return p.Default;
    unresolved.push(`Parameter ${name} has no default`);
    return `<Parameter ${name}>`;
  }
  return describe(name).ref;
}

function getAtt(id, attr) {
  const d = describe(id);
  if (attr in d.attrs) return d.attrs[attr];
  unresolved.push(`GetAtt ${id}.${attr}`);
  return `<GetAtt ${id}.${attr}>`;
}

function sub(str, vars = {}) {
  return str.replace(/\$\{([^}!]+)\}/g, (_, expr) => {
    if (expr in vars) return resolve(vars[expr]);
    if (expr.includes('.') && !(expr in pseudo)) {
      const [id, ...rest] = expr.split('.');
      return getAtt(id, rest.join('.'));
    }
    return ref(expr);
  });
}

function evalCondition(name) {
  const c = template.Conditions?.[name];
  if (c === undefined) throw new Error(`no condition ${name}`);
  return resolve(c);
}

function resolve(v) {
  if (Array.isArray(v)) return v.map(resolve).filter((x) => x !== undefined);
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const [k] = keys;
    const a = v[k];
    switch (k) {
      case 'Ref': return ref(a);
      case 'Fn::GetAtt': return Array.isArray(a) ? getAtt(a[0], a[1]) : getAtt(...a.split(/\.(.*)/s).slice(0, 2));
      case 'Fn::Join': return resolve(a[1]).join(a[0]);
      case 'Fn::Sub': return Array.isArray(a) ? sub(a[0], a[1]) : sub(a);
      case 'Fn::Select': return resolve(a[1])[Number(resolve(a[0]))];
      case 'Fn::Split': return resolve(a[1]).split(a[0]);
      case 'Fn::If': return resolve(evalCondition(a[0]) ? a[1] : a[2]);
      case 'Fn::Equals': return resolve(a[0]) === resolve(a[1]);
      case 'Fn::Not': return !resolve(a[0]);
      case 'Fn::And': return a.every((x) => resolve(x));
      case 'Fn::Or': return a.some((x) => resolve(x));
      case 'Condition': return evalCondition(a);
      case 'Fn::ImportValue': case 'Fn::GetAZs': case 'Fn::FindInMap': case 'Fn::Base64': case 'Fn::Cidr':
        unresolved.push(`${k} ${JSON.stringify(a)}`);
        return `<${k}>`;
      default:
        if (k.startsWith('Fn::')) {
          unresolved.push(`${k} ${JSON.stringify(a)}`);
          return `<${k}>`;
        }
    }
  }
  const o = {};
  for (const [k, x] of Object.entries(v)) {
    const r = resolve(x);
    if (r !== undefined) o[k] = r;
  }
  return o;
}

// The role: --role, or the only Lambda function's role.
let roleId = roleOpt;
if (!roleId) {
  const roles = Object.values(R).filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((r) => r.Properties?.Role).filter((x) => x && typeof x === 'object').map(refId)
    .filter((id) => R[id]?.Type === 'AWS::IAM::Role');
  const unique = [...new Set(roles)];
  if (unique.length !== 1) {
    console.error(`cannot pick the role: functions use ${JSON.stringify(unique)}; pass --role`);
    process.exit(2);
  }
  roleId = unique[0];
}
const role = R[roleId];
const roleDesc = describe(roleId);
const fn = Object.entries(R).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Role
  && refId(r.Properties.Role) === roleId);
const sessionName = fn ? describe(fn[0]).ref : 'session';
const sessionArn = `arn:${partition}:sts::${account}:assumed-role/${roleDesc.ref}/${sessionName}`;

const attachedTo = (list) => (list ?? []).some((x) => typeof x === 'object' && refId(x) === roleId);
const policies = [];
for (const [i, p] of (role.Properties?.Policies ?? []).entries()) {
  policies.push({ name: resolve(p.PolicyName) ?? `inline-${i}`, policy: resolve(p.PolicyDocument) });
}
for (const [id, r] of Object.entries(R)) {
  if ((r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && attachedTo(r.Properties?.Roles)) {
    policies.push({ name: id, policy: resolve(r.Properties.PolicyDocument) });
  }
}
const managedPolicyArns = resolve(role.Properties?.ManagedPolicyArns ?? []);
const resourcePolicies = {};
for (const [id, r] of Object.entries(R)) {
  const p = r.Properties ?? {};
  if (r.Type === 'AWS::KMS::Key' && p.KeyPolicy) resourcePolicies[describe(id).arn] = resolve(p.KeyPolicy);
  if (r.Type === 'AWS::SNS::TopicPolicy') {
    for (const t of resolve(p.Topics)) resourcePolicies[t] = resolve(p.PolicyDocument);
  }
  if (r.Type === 'AWS::SQS::QueuePolicy') {
    for (const q of p.Queues) resourcePolicies[describe(refId(q)).arn] = resolve(p.PolicyDocument);
  }
  if (r.Type === 'AWS::Lambda::Permission' && (r.Condition === undefined || evalCondition(r.Condition))) {
    const fnArn = resolve(p.FunctionName);
    const policy = (resourcePolicies[fnArn] ??= { Version: '2012-10-17', Statement: [] });
    policy.Statement.push(lambdaPermissionStatement(id, p, fnArn));
  }
}
/**
 * The statement Lambda's AddPermission adds to a function's policy: an account or ARN principal as AWS, a service as
 * Service, SourceArn as ArnLike aws:SourceArn, SourceAccount and PrincipalOrgID as StringEquals conditions (Lambda
 * Developer Guide, "Viewing resource-based IAM policies in Lambda", and the AddPermission API).
 */
function lambdaPermissionStatement(id, p, fnArn) {
  const principal = resolve(p.Principal);
  const st = { Sid: id, Effect: 'Allow', Action: resolve(p.Action), Resource: fnArn };
  if (principal === '*') st.Principal = '*';
  else if (/^\d{12}$/.test(principal)) st.Principal = { AWS: `arn:${partition}:iam::${principal}:root` };
  else if (principal.startsWith('arn:')) st.Principal = { AWS: principal };
  else st.Principal = { Service: principal };
  const condition = {};
  if (p.SourceArn !== undefined) condition.ArnLike = { 'aws:SourceArn': resolve(p.SourceArn) };
  const equals = {};
  if (p.SourceAccount !== undefined) equals['aws:SourceAccount'] = resolve(p.SourceAccount);
  if (p.PrincipalOrgID !== undefined) equals['aws:PrincipalOrgID'] = resolve(p.PrincipalOrgID);
  if (Object.keys(equals).length) condition.StringEquals = equals;
  if (Object.keys(condition).length) st.Condition = condition;
  return st;
}

const resources = {};
for (const id of memo.keys()) {
  const d = memo.get(id);
  resources[id] = { type: d.type, ref: d.ref, ...(d.arn || d.attrs.Arn ? { arn: d.arn ?? d.attrs.Arn } : {}) };
}
const result = {
  template: args[0], account, region, partition, stack,
  role: { logicalId: roleId, arn: roleDesc.arn, sessionArn },
  policies, managedPolicyArns, resourcePolicies, resources, unresolved: [...new Set(unresolved)],
};
for (const u of result.unresolved) console.error(`warning: unresolved ${u}`);
const text = JSON.stringify(result, null, 2) + '\n';
if (out) writeFileSync(out, text);
else process.stdout.write(text);
