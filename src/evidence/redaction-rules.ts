/**
 * What redaction replaces, as data: one named pattern per family of secret or identifying value,
 * each with examples that the test suite checks (`text` must come out as `redacted`; `keep`
 * must come out unchanged). Collect applies the rules to published copies and to every string
 * of a record; check looks for the same patterns in copies, manifest.json and the documents.
 *
 * Conventions that keep the engine simple and every pattern linear on any input:
 * - the secret is the named group `s` (or `s2`, `s3` for alternatives); only it is replaced,
 *   by `mask` (default `***`); everything else the pattern matched is kept;
 * - every pattern starts with a literal or is anchored by a look-behind that forbids starting in
 *   the middle of a word, and no quantified group contains another quantifier over the same
 *   characters, so a long line costs one pass (see test/redaction/redos.test.ts);
 * - a secret that is already a mask (`***`, `~`) is not counted again, so `user:***@host` is
 *   what a redacted value looks like, not a finding.
 */

export interface RedactionRule {
  id: string;
  description: string;
  re: RegExp;
  mask?: string;
  /** Further test on the match (named groups) before it counts as a secret. */
  accept?: (groups: Record<string, string | undefined>) => boolean;
  /** For rules that match only what precedes a secret: the secret's [start, end) after offset `at`, if there is one. */
  secretAfter?: (text: string, at: number, groups: Record<string, string | undefined>) => [number, number] | undefined;
  /** Texts with their redacted form. */
  examples: { text: string; redacted: string }[];
  /** Texts the rule must leave alone. */
  keep: string[];
}

/** Key names whose value is a secret, after camelCase is split: `api_key`, `HF_TOKEN`, `X-Api-Key`, `AWS_SECRET_ACCESS_KEY`. */
const SECRET_KEY =
  /(?:^|[_.-])(?:api[_.-]?key|apikey|access[_.-]?key(?:[_.-]?id)?|account[_.-]?key|secret[_.-]?(?:access[_.-]?)?key|private[_.-]?key(?:[_.-]?id)?|client[_.-]?secret|secret|token|password|passwd|passphrase|credentials?|auth|signature|sig)$/i;

const KEY_ENDINGS = /(?:key|id|secret|token|password|passwd|passphrase|credentials?|auth|signature|sig)$/i;

/** Whether a key (as written in a config, env dump, header or record) names a secret. */
export function isSecretKey(key: string): boolean {
  // Most keys end in none of the words: decided without building the normalised key.
  if (!KEY_ENDINGS.test(key)) return false;
  return SECRET_KEY.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2'));
}

/** Whether a value next to a secret key looks like a secret rather than a number, flag or placeholder. */
export function isSecretValue(v: string): boolean {
  if (v.length < 4) return false;
  if (/^(?:true|false|null|none|nil|undefined|yes|no|on|off|required|optional|string|str|bool|int|x+|\.\.\.)$/i.test(v)) return false;
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?(?:ms|s|%)?$/i.test(v)) return false;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || /^%[A-Za-z_]+%$/.test(v)) return false;
  return !/^\*+$/.test(v);
}

const W = '(?:(?<![\\w\\\\-])|(?<=\\\\[nrt]))';

/** Values after a secret key: quoted (up to the closing quote) or bare (up to a delimiter). */
const DQ_VALUE = /[^"\n\\]{1,512}/y;
const SQ_VALUE = /[^'\n\\]{1,512}/y;
const BARE_VALUE = /[^\s"'`,;&?#<>(){}[\]\\]{1,512}/y;

export const RULES: RedactionRule[] = [
  {
    id: 'private-key',
    description: 'PEM / OpenSSH / PGP private key blocks (the body, up to the END line or the next `--`)',
    re: /(?<pre>-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----)(?<s>(?:[^-"]|-(?!-))+)/g,
    examples: [
      { text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAfakefakefake\n-----END RSA PRIVATE KEY-----', redacted: '-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----' },
      { text: '"key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANfake\\n-----END PRIVATE KEY-----\\n"', redacted: '"key": "-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\\n"' },
    ],
    keep: ['-----BEGIN CERTIFICATE-----', '---------------Time to First Token----------------'],
  },
  {
    id: 'jwt',
    description: 'JSON Web Tokens (header.payload[.signature], base64url; also when cut after the payload)',
    re: new RegExp(`${W}(?<s>eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*)?)`, 'g'),
    examples: [{ text: 'session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZXNpZ25hdHVyZQ ok', redacted: 'session *** ok' }],
    keep: ['eyJ is a prefix', 'a.b.c'],
  },
  {
    id: 'github-token',
    description: 'GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_)',
    re: new RegExp(`${W}(?<s>gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{22,})`, 'g'),
    examples: [
      { text: 'GH=ghp_FAKE0fake0FAKE0fake0FAKE0fake0FAKE', redacted: 'GH=***' },
      { text: 'github_pat_11FAKEFAKE0fakefakefake0_FAKEfakeFAKEfake0fake', redacted: '***' },
    ],
    keep: ['ghp_short', 'github_pat_'],
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access tokens (hf_...)',
    re: new RegExp(`${W}(?<s>hf_[A-Za-z0-9]{30,})`, 'g'),
    examples: [{ text: 'token hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake12', redacted: 'token ***' }],
    keep: ['hf_config_path', 'load_hf_weights'],
  },
  {
    id: 'openai-key',
    description: 'OpenAI / Anthropic style keys (sk-, sk-proj-, sk-ant-)',
    re: new RegExp(`${W}(?<s>sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})`, 'g'),
    examples: [{ text: 'key sk-proj-FAKEfakeFAKEfakeFAKEfake0000', redacted: 'key ***' }],
    keep: ['disk-usage-monitoring-enabled-for-all', 'sk-short'],
  },
  {
    id: 'aws-key',
    description: 'AWS access key ids (AKIA, ASIA, ...)',
    re: /(?:(?<![A-Za-z0-9\\])|(?<=\\[nrt]))(?<s>(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?![A-Za-z0-9])/g,
    examples: [{ text: 'id=AKIAFAKEFAKEFAKE0000', redacted: 'id=***' }],
    keep: ['AKIA', 'MAKIAFAKEFAKEFAKE00001'],
  },
  {
    id: 'google-key',
    description: 'Google API keys (AIza...) and OAuth access tokens (ya29.)',
    re: new RegExp(`${W}(?<s>AIza[0-9A-Za-z_-]{35}|ya29\\.[0-9A-Za-z_-]{20,})`, 'g'),
    examples: [
      { text: 'AIzaFAKEfakeFAKEfakeFAKEfakeFAKEfake123', redacted: '***' },
      { text: 'ya29.FAKEfakeFAKEfakeFAKEfake', redacted: '***' },
    ],
    keep: ['AIza short'],
  },
  {
    id: 'cloud-key',
    description: 'Alibaba Cloud (LTAI), Tencent Cloud (AKID), Baidu Cloud (ALTAK) access key ids; SendGrid keys',
    re: new RegExp(`${W}(?<s>LTAI[0-9A-Za-z]{12,20}|AKID[0-9A-Za-z]{32,40}|ALTAK[0-9A-Za-z]{16,}|SG\\.[\\w-]{22}\\.[\\w-]{43})(?![0-9A-Za-z])`, 'g'),
    examples: [
      { text: 'LTAIFAKEfake0000FAKE', redacted: '***' },
      { text: 'AKIDFAKEfakeFAKEfakeFAKEfakeFAKEfake00', redacted: '***' },
    ],
    keep: ['LTAI', 'AKID short'],
  },
  {
    id: 'registry-token',
    description: 'package registry and CI tokens: npm, PyPI, GitLab, Docker Hub, Slack, Stripe',
    re: new RegExp(
      `${W}(?<s>npm_[A-Za-z0-9]{36}|pypi-AgE[A-Za-z0-9_-]{50,}|gl(?:pat|dt|rt|ptt|cbt|oas)-[0-9A-Za-z_-]{20,}|dckr_pat_[0-9A-Za-z_-]{20,}|xox[abposr]-[0-9A-Za-z-]{10,}|(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,})`,
      'g',
    ),
    examples: [
      { text: '//registry.npmjs.org/:_authToken=npm_FAKEfakeFAKEfakeFAKEfakeFAKEfake0000', redacted: '//registry.npmjs.org/:_authToken=***' },
      { text: 'glpat-FAKEfakeFAKEfake0000', redacted: '***' },
    ],
    keep: ['npm_config_cache', 'glpat-'],
  },
  {
    id: 'url-password',
    description: 'passwords in URLs (scheme://user:password@host, redis://:password@host)',
    re: /(?:(?<![\w+.\\-])|(?<=\\[nrt]))(?<pre>[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/@]{0,256}:)(?<s>[^\s@/]{1,256})(?=@)/g,
    examples: [
      { text: 'https://bot:hunter2pass@mirror.example.com/x.tar', redacted: 'https://bot:***@mirror.example.com/x.tar' },
      { text: 'redis://:s3cretpw@10-cache:6379/0', redacted: 'redis://:***@10-cache:6379/0' },
    ],
    keep: ['https://user:***@host/x', 'http://127.0.0.1:8180/v1/chat/completions', 'git@github.com:PaddlePaddle/FastDeploy.git'],
  },
  {
    id: 'bearer-token',
    description: 'bearer tokens (Bearer <token>)',
    re: /(?<pre>(?:(?<![\w\\-])|(?<=\\[nrt]))Bearer[ \t]{1,4})(?<s>[A-Za-z0-9._~+/=-]{8,})/gi,
    examples: [{ text: 'Authorization: Bearer abcDEF123456ghi', redacted: 'Authorization: Bearer ***' }],
    keep: ['Bearer ***', 'a Bearer of news'],
  },
  {
    id: 'auth-header',
    description: 'Authorization headers (Basic, Token, Digest credentials)',
    re: /(?<pre>(?:(?<![\w\\-])|(?<=\\[nrt]))(?:Proxy-)?Authorization["']?[ \t]{0,4}[:=][ \t]{0,4}["']?(?:(?:Bearer|Basic|Token|Digest|Bot|Negotiate)[ \t]{1,4}|(?!(?:Bearer|Basic|Token|Digest|Bot|Negotiate)\b)))(?<s>[^\s"'`,;<>\\]{4,})/gi,
    examples: [{ text: 'Authorization: Basic dXNlcjpmYWtlcGFzcw==', redacted: 'Authorization: Basic ***' }],
    keep: ['Authorization: Bearer ***', 'Authorization: '],
  },
  {
    id: 'key-value-secret',
    description: 'a value next to a secret-named key in any syntax: KEY=v, key: v, "key": "v", --key v, --key=v, X-Api-Key: v',
    // The pattern matches the key and separator only; the value is read after it (secretAfter),
    // so a key that is not a secret never swallows the text after it, where a real one may be.
    re: /(?:(?<![\w.\\-])|(?<=\\[nrt]))(?<dash>--?)?(?<q>\\?["']|)(?<key>[A-Za-z][\w.-]{0,63})\k<q>(?:[ \t]{0,4}(?:=>|:=|[:=])[ \t]{0,4}|(?<sp>[ \t]{1,4}))(?<vq>\\?["']|)/g,
    accept: (g) => isSecretKey(g.key ?? '') && (g.sp === undefined || g.dash !== undefined),
    secretAfter: (text, at, g) => {
      // A quote may come escaped (`\"`), as in a JSON string that holds a JSON or YAML line.
      const re = g.vq?.endsWith('"') ? DQ_VALUE : g.vq?.endsWith("'") ? SQ_VALUE : BARE_VALUE;
      re.lastIndex = at;
      const m = re.exec(text);
      return m && isSecretValue(m[0]) ? [at, at + m[0].length] : undefined;
    },
    examples: [
      { text: 'AWS_SECRET_ACCESS_KEY=FAKEfake/FAKEfake+FAKEfake', redacted: 'AWS_SECRET_ACCESS_KEY=***' },
      { text: '{"api_key": "fake key with spaces"}', redacted: '{"api_key": "***"}' },
      { text: 'serve --api-key fakeKEY0000 --port 8180', redacted: 'serve --api-key *** --port 8180' },
      { text: 'note: X-Api-Key: fake0000key', redacted: 'note: X-Api-Key: ***' },
      { text: "client_secret='fakeSecret0'", redacted: "client_secret='***'" },
      { text: 'https://h/x?access_token=faketoken0&n=1', redacted: 'https://h/x?access_token=***&n=1' },
      { text: 'export password=hunter2pass', redacted: 'export password=***' },
      { text: 'AccountKey=FAKEkey+fake/fake==;', redacted: 'AccountKey=***;' },
      { text: '"{\\"api_key\\": \\"fake key\\"}"', redacted: '"{\\"api_key\\": \\"***\\"}"' },
    ],
    keep: ['max_tokens=2048', 'token: null', 'num_tokens: 512', 'first_token: 0.53', 'password: ${DB_PASSWORD}', 'token_ids=[1, 2]', 'secret ***', 'token: <your token>'],
  },
  {
    id: 'private-ip',
    description: 'private IPv4 addresses (10/8, 172.16/12, 192.168/16): the contributor\'s internal network',
    re: /(?:(?<![\w.\\])|(?<=\\[nrt]))(?<s>10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?!\w|\.\d)/g,
    examples: [{ text: 'listening on 10.12.3.45:8180 and 192.168.1.20', redacted: 'listening on ***:8180 and ***' }],
    keep: ['127.0.0.1:8180', 'paddle 3.0.0.10', 'v10.2.3.4', '172.15.0.1'],
  },
  {
    id: 'internal-host',
    description: 'host names under internal-only domains (.internal, .intranet, .corp, .lan, .localdomain, .home.arpa, .svc.cluster.local)',
    re: /(?:(?<![\w.\\-])|(?<=\\[nrt]))(?<s>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:internal|intranet|corp|lan|localdomain|home\.arpa|svc\.cluster\.local))(?![\w.-])/g,
    examples: [{ text: 'pulled from gpu-node-07.corp over nfs', redacted: 'pulled from *** over nfs' }],
    keep: ['pip._internal.cli', 'python -m corp', 'example.com'],
  },
  {
    id: 'email',
    description: 'e-mail addresses (the local part)',
    re: /(?:(?<![\w.%+\\-])|(?<=\\[nrt]))(?<s>[A-Za-z0-9._%+-]{1,64})(?=@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-]))/g,
    accept: (g) => g.s !== 'git',
    examples: [{ text: 'Author: Lin <lin.haoran@example.com>', redacted: 'Author: Lin <***@example.com>' }],
    keep: ['git@github.com:PaddlePaddle/FastDeploy.git', 'paddle @ file:///x', 'image@sha256:abcd', 'root@gpu-node-07:~$'],
  },
  {
    id: 'home-path',
    description: 'home folders (/home/<name>, /Users/<name>, /root, C:\\Users\\<name>): the author\'s machine layout is not evidence',
    re: /(?:(?<![\w.~\\-])(?<!\w\/)|(?<=\\[nrt]))(?<s>\/home\/[^\s/"'`:;,|()<>[\]]{1,64}|\/Users\/[^\s/"'`:;,|()<>[\]]{1,64}|\/root|[A-Za-z]:\\{1,4}(?:Users|Documents and Settings)\\{1,4}[^\s\\/"'`:;,|()<>[\]]{1,64})(?=[/\\\s"'`:;,|)\]]|$)/gm,
    mask: '~',
    examples: [
      { text: 'cd /home/linhr/FastDeploy', redacted: 'cd ~/FastDeploy' },
      { text: '"C:\\\\Users\\\\Lin\\\\run.log"', redacted: '"~\\\\run.log"' },
      { text: 'at /Users/lin/bench.py', redacted: 'at ~/bench.py' },
    ],
    keep: ['~/FastDeploy', '/opt/home/x', '/rootfs/x'],
  },
  {
    id: 'data-path',
    description: 'the folder under /data (usually a user name on shared GPU servers)',
    re: /(?:(?<![\w.~\\-])(?<!\w\/)|(?<=\\[nrt]))(?<pre>\/data\/)(?<s>[A-Za-z][A-Za-z0-9._-]{0,63})(?=\/)/g,
    examples: [{ text: '/data/linhr/FastDeploy_metax/benchmark_formal.json', redacted: '/data/***/FastDeploy_metax/benchmark_formal.json' }],
    keep: ['/data', '/mnt/data/x', 'data/linhr/x'],
  },
  {
    id: 'uname-host',
    description: 'the host name in `uname -a` output',
    re: /(?<pre>(?:(?<![\w\\-])|(?<=\\[nrt]))(?:Linux|Darwin)[ \t]{1,4})(?<s>[A-Za-z0-9][A-Za-z0-9.-]{0,62})(?=[ \t]{1,4}\d{1,3}\.\d{1,3}\.\d{1,3}[-.+_#\w]*[ \t]{1,4}(?:#|Darwin))/g,
    examples: [{ text: 'Linux gpu-node-07 5.15.0-91-generic #101-Ubuntu SMP', redacted: 'Linux *** 5.15.0-91-generic #101-Ubuntu SMP' }],
    keep: ['Linux kernel 5.15.0 is new', 'Linux 5.15.0-91-generic'],
  },
];
