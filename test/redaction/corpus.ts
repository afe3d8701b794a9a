/**
 * A corpus of FAKE secrets and identifying values, written for these tests: every one is
 * pattern-valid for its family (prefix, length, alphabet) and obviously not real (they spell
 * FAKE/fake). `line` is the secret in the context it is usually found in; `secret` is what must
 * never reach a published file, a record, the manifest or a document. `block` marks secrets that
 * span lines (private keys); `oneLine` is then their JSON-escaped form for line formats.
 */
export interface CorpusEntry {
  family: string;
  line: string;
  secret: string;
  block?: boolean;
}

const pem = (kind: string, body: string) => `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----`;

export const CORPUS: CorpusEntry[] = [
  { family: 'github classic', line: 'GITHUB_PAT=ghp_FAKEfake0FAKEfake1FAKEfake2FAKEfake3ab', secret: 'ghp_FAKEfake0FAKEfake1FAKEfake2FAKEfake3ab' },
  { family: 'github oauth', line: 'using gho_FAKE0fake1FAKE2fake3FAKE4fake5FAKE67 for clone', secret: 'gho_FAKE0fake1FAKE2fake3FAKE4fake5FAKE67' },
  { family: 'github app', line: 'installation token ghs_FAKEfakeFAKEfakeFAKEfakeFAKEfake99', secret: 'ghs_FAKEfakeFAKEfakeFAKEfakeFAKEfake99' },
  { family: 'github fine-grained', line: 'git clone https://github_pat_11FAKEFAKE0FakeFake0fake_FAKEfakeFAKEfakeFAKEfake00@github.com/x/y', secret: 'github_pat_11FAKEFAKE0FakeFake0fake_FAKEfakeFAKEfakeFAKEfake00' },
  { family: 'github fine-grained', line: 'token: github_pat_22FAKEfake22FAKEfake22_fakeFAKEfake', secret: 'github_pat_22FAKEfake22FAKEfake22_fakeFAKEfake' },
  { family: 'huggingface', line: 'huggingface-cli login --token hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake01', secret: 'hf_FAKEfakeFAKEfakeFAKEfakeFAKEfake01' },
  { family: 'huggingface', line: 'os.environ["HUGGING_FACE_HUB_TOKEN"] = "hf_fakeFAKEfakeFAKEfakeFAKEfakeFAKE02"', secret: 'hf_fakeFAKEfakeFAKEfakeFAKEfakeFAKE02' },
  { family: 'jwt', line: 'cookie jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYWtlLXVzZXIifQ.RkFLRXNpZ25hdHVyZUZBS0U', secret: 'eyJzdWIiOiJmYWtlLXVzZXIifQ' },
  { family: 'jwt', line: '{"id_token": "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJmYWtlLmlzc3VlciJ9.ZmFrZS1zaWduYXR1cmUtZmFrZQ"}', secret: 'eyJpc3MiOiJmYWtlLmlzc3VlciJ9' },
  { family: 'jwt', line: 'Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJmYWtlLWF1ZCJ9.ZmFrZWZha2VmYWtlZmFrZQ', secret: 'eyJhdWQiOiJmYWtlLWF1ZCJ9' },
  { family: 'private key', line: pem('RSA ', 'MIIEpAIBAAKCAQEAfakeFAKEfakeFAKEfakeRSAkeyBODY0000\nFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake1111'), secret: 'fakeFAKEfakeFAKEfakeRSAkeyBODY0000', block: true },
  { family: 'private key', line: pem('OPENSSH ', 'b3BlbnNzaC1rZXktdjEAAAAAfakeOPENSSHbody2222\nFAKEopensshFAKEopensshFAKE3333'), secret: 'fakeOPENSSHbody2222', block: true },
  { family: 'private key', line: pem('EC ', 'MHcCAQEEIFAKEfakeECkeyBODY4444fake\noAoGCCqGSM49AwEHoUQDQgAEfake5555'), secret: 'FAKEfakeECkeyBODY4444fake', block: true },
  { family: 'private key', line: pem('', 'MIIEvQIBADANBgkqFAKEpkcs8BODY6666\nFAKEpkcs8FAKEpkcs8FAKE7777'), secret: 'FAKEpkcs8BODY6666', block: true },
  { family: 'json api_key', line: '{"api_key": "fakeAPIkey-0123456789abcdef"}', secret: 'fakeAPIkey-0123456789abcdef' },
  { family: 'json api_key', line: '{"apiKey":"FAKE_camel_case_key_98765"}', secret: 'FAKE_camel_case_key_98765' },
  { family: 'json api_key', line: '{"openai_api_key" : "fake key with spaces 42"}', secret: 'fake key with spaces 42' },
  { family: 'env _-joined', line: 'AWS_SECRET_ACCESS_KEY=FAKEfake/FAKEfake+FAKEfake/0000fake', secret: 'FAKEfake/FAKEfake+FAKEfake/0000fake' },
  { family: 'env _-joined', line: 'export HF_TOKEN=FAKE-not-a-real-hf-token-1234', secret: 'FAKE-not-a-real-hf-token-1234' },
  { family: 'env _-joined', line: 'GITHUB_TOKEN="FAKEgithubTOKENvalue5678"', secret: 'FAKEgithubTOKENvalue5678' },
  { family: 'env _-joined', line: 'MY_SERVICE_PASSWORD=FakePass!word#2026', secret: 'FakePass!word#2026' },
  { family: 'env _-joined', line: 'DB_PASSWD: fake_passwd_77', secret: 'fake_passwd_77' },
  { family: 'env _-joined', line: 'PADDLE_AISTUDIO_ACCESS_TOKEN=fakeAIStudioToken0042', secret: 'fakeAIStudioToken0042' },
  { family: 'cli flag', line: 'python -m fastdeploy.entrypoints.openai.api_server --api-key fakeCLIkey0001 --port 8180', secret: 'fakeCLIkey0001' },
  { family: 'cli flag', line: 'vllm serve model --hf-token=fakeHFflag0002', secret: 'fakeHFflag0002' },
  { family: 'cli flag', line: 'mysql --user=bench --password fakeMySQLpw0003', secret: 'fakeMySQLpw0003' },
  { family: 'url password', line: 'cache redis://:fakeRedisPw0004@cache-1:6379/0', secret: 'fakeRedisPw0004' },
  { family: 'url password', line: 'DATABASE_URL=postgres://bench:fakePgPw0005@db:5432/runs', secret: 'fakePgPw0005' },
  { family: 'url password', line: 'pip install --index-url https://ci:fakeIndexPw0006@pypi.example.com/simple x', secret: 'fakeIndexPw0006' },
  { family: 'aws key id', line: 'aws_access_key_id = AKIAFAKEFAKEFAKE0007', secret: 'AKIAFAKEFAKEFAKE0007' },
  { family: 'aws key id', line: 'session ASIAFAKEFAKEFAKE0008 expires', secret: 'ASIAFAKEFAKEFAKE0008' },
  { family: 'google', line: 'GOOGLE_MAPS=AIzaFAKEfakeFAKEfakeFAKEfakeFAKEfake009', secret: 'AIzaFAKEfakeFAKEfakeFAKEfakeFAKEfake009' },
  { family: 'google', line: 'access ya29.FAKEfakeFAKEfakeFAKEfake0010 granted', secret: 'ya29.FAKEfakeFAKEfakeFAKEfake0010' },
  { family: 'aliyun', line: 'oss key LTAIFAKEfake0011AB', secret: 'LTAIFAKEfake0011AB' },
  { family: 'tencent', line: 'cos AKIDFAKEfakeFAKEfakeFAKEfakeFAKEfake12 ok', secret: 'AKIDFAKEfakeFAKEfakeFAKEfakeFAKEfake12' },
  { family: 'baidu', line: 'bos ALTAKFAKEfakeFAKEfake13 ok', secret: 'ALTAKFAKEfakeFAKEfake13' },
  { family: 'npm', line: '//registry.npmjs.org/:_authToken=npm_FAKEfakeFAKEfakeFAKEfakeFAKEfake0014', secret: 'npm_FAKEfakeFAKEfakeFAKEfakeFAKEfake0014' },
  { family: 'pypi', line: 'password = pypi-AgEIcHlwaS5vcmcFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE0015', secret: 'pypi-AgEIcHlwaS5vcmcFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE0015' },
  { family: 'gitlab', line: 'CI uses glpat-FAKEfakeFAKEfake0016', secret: 'glpat-FAKEfakeFAKEfake0016' },
  { family: 'docker hub', line: 'docker login -u bench -p dckr_pat_FAKEfakeFAKEfake0017', secret: 'dckr_pat_FAKEfakeFAKEfake0017' },
  { family: 'slack', line: 'notify xoxb-0000-FAKEfake0018', secret: 'xoxb-0000-FAKEfake0018' },
  { family: 'openai', line: 'OPENAI key sk-proj-FAKEfakeFAKEfakeFAKE0019', secret: 'sk-proj-FAKEfakeFAKEfakeFAKE0019' },
  { family: 'anthropic', line: 'client(sk-ant-api03-FAKEfakeFAKEfake0020)', secret: 'sk-ant-api03-FAKEfakeFAKEfake0020' },
  { family: 'stripe', line: 'billing sk_live_FAKEfakeFAKE0021 set', secret: 'sk_live_FAKEfakeFAKE0021' },
  { family: 'stripe', line: 'restricted rk_test_FAKEfakeFAKE0022 set', secret: 'rk_test_FAKEfakeFAKE0022' },
  { family: 'private ip', line: 'serving at http://10.23.45.67:8180/v1', secret: '10.23.45.67' },
  { family: 'private ip', line: 'NCCL_SOCKET_IFNAME peer 172.20.14.3 connected', secret: '172.20.14.3' },
  { family: 'private ip', line: 'ssh gpu@192.168.31.77', secret: '192.168.31.77' },
  { family: 'internal host', line: 'mounted fake-nfs01.corp:/export/models', secret: 'fake-nfs01.corp' },
  { family: 'internal host', line: 'metrics pushed to prom-fake.monitoring.svc.cluster.local', secret: 'prom-fake.monitoring' },
  { family: 'internal host', line: 'worker gpu-fake-07.dc2.internal ready', secret: 'gpu-fake-07.dc2' },
  { family: 'email', line: 'Signed-off-by: Fake Author <fake.author+ci@example.com>', secret: 'fake.author+ci' },
  { family: 'email', line: 'contact fakeuser2026@example.org for access', secret: 'fakeuser2026' },
  { family: 'email', line: '"author_email": "fake_owner@corp.example.net"', secret: 'fake_owner' },
  { family: '/data/<user>', line: 'model dir /data/fakeuser_zm/models/PaddleOCR-VL', secret: 'fakeuser_zm' },
  { family: '/data/<user>', line: '"input_dirs": "/data/fakeuser_lw/omnidoc/images"', secret: 'fakeuser_lw' },
  { family: 'windows home', line: 'log at C:\\Users\\FakeWinUser\\fd\\run.log', secret: 'FakeWinUser' },
  { family: 'windows home', line: '{"path": "C:\\\\Users\\\\FakeJsonUser\\\\bench.json"}', secret: 'FakeJsonUser' },
  { family: 'mac home', line: 'File "/Users/fakemacuser/bench/run.py", line 12', secret: 'fakemacuser' },
  { family: 'linux home', line: 'cwd=/home/fakelinuxuser/FastDeploy', secret: 'fakelinuxuser' },
  { family: 'auth header', line: 'Authorization: Basic RkFLRXVzZXI6RkFLRXBhc3M=', secret: 'RkFLRXVzZXI6RkFLRXBhc3M=' },
  { family: 'bearer', line: 'curl -H "Authorization: Bearer FAKEopaqueBearer0023" http://127.0.0.1:8180/health', secret: 'FAKEopaqueBearer0023' },
  { family: 'api key header', line: 'X-Api-Key: FAKEheaderKey0024', secret: 'FAKEheaderKey0024' },
  { family: 'yaml password', line: 'password: "fake yaml pass 0025"', secret: 'fake yaml pass 0025' },
  { family: 'azure', line: 'DefaultEndpointsProtocol=https;AccountName=fakeacct;AccountKey=FAKEazureKEY0026+fake/fake==;EndpointSuffix=core.windows.net', secret: 'FAKEazureKEY0026+fake/fake==' },
  { family: 'azure sas', line: 'https://fakeacct.blob.core.windows.net/c/f?sv=2022-11-02&sig=FAKEsasSIG0027%3D&se=2026', secret: 'FAKEsasSIG0027' },
  { family: 'client secret', line: 'client_secret: fakeClientSecret0028', secret: 'fakeClientSecret0028' },
  { family: 'json token', line: '{"token": "fakeJsonToken0029", "user": "bench"}', secret: 'fakeJsonToken0029' },
  { family: 'uname host', line: 'Linux fakehost-gpu17 5.15.0-91-generic #101-Ubuntu SMP x86_64 GNU/Linux', secret: 'fakehost-gpu17' },
];

/** The corpus as single lines (private keys with JSON-escaped line breaks). */
export function corpusLines(): string[] {
  return CORPUS.map((c) => (c.block ? c.line.replace(/\n/g, '\\n') : c.line));
}

/**
 * Ordinary evidence that must come through unchanged: kernel names, digests, UUIDs, versions,
 * metric names, localhost URLs, Python and C++ symbols, token counts.
 */
export const ORDINARY: string[] = [
  'void flash_fwd_splitkv_kernel<Flash_fwd_kernel_traits<128, 64, 128, 4, false, false, cutlass::bfloat16_t>, true>(Flash_fwd_params)',
  'ampere_bf16_s16816gemm_bf16_128x64_ldg8_f2f_stages_64x4_tn',
  'sha256: 9f2c4e0d8b7a61f35e2d4c1b0a9f8e7d6c5b4a3928170f6e5d4c3b2a19087f6e',
  'request_id=chatcmpl-5d0c2b9e-6f1a-4a37-9e0b-7c4f1d2e8a90',
  'commit 3f9a1c2e7b5d4f6a8c0e1b2d3f4a5c6e7b8d9f0a',
  'paddlepaddle-gpu==3.0.0.dev20251223 fastdeploy-gpu==2.3.0',
  'Mean TTFT (ms):                          642.18',
  'max_num_batched_tokens: 8192, max_tokens=2048, total_tokens 1234567',
  'INFO     2026-01-14 15:10:33,027 30393 engine.py[line:213] Detected 2340 gpu blocks and 0 cpu blocks in cache (block size: 64).',
  'Launching chat completion service at http://0.0.0.0:8180/v1 and metrics at http://127.0.0.1:8181/metrics',
  'git@github.com:PaddlePaddle/FastDeploy.git',
  'File "/usr/local/lib/python3.10/site-packages/fastdeploy/engine/engine.py", line 398, in start',
  'uuid 123e4567-e89b-12d3-a456-426614174000 digest sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
  'token_ids=[151643, 151644] first_token: 0.531 eos_token: </s>',
  'threading.local() pip._internal.cli.main',
  'CUDA 12.4 driver 550.54.15 cudnn 9.1.0.70 nccl 2.21.5',
  '| GPU  NAME | Bus-id | GPU-Util | 0  MetaX C500 | 0000:01:00.0 | 0% |',
  '---------------Time to First Token----------------',
  'password: ${DB_PASSWORD} token: null api_key: <your key> secret: ***',
  'https://user:***@mirror.example.com/x.tar redis://:***@cache:6379',
  'ptrace_scope = 1; Permission Denied: Try running again with elevated permissions',
  'cutlass::gemm::kernel::GemmUniversal<cutlass::gemm::GemmShape<128, 256, 64>>',
  'base64 aGVsbG8gd29ybGQ= and hex 0xdeadbeefcafebabe',
];
