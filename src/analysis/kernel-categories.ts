/**
 * Kernel name rules, kept as data: the first rule whose pattern matches a kernel's name (case
 * insensitive) gives its category. Order matters: runtime API calls and one-off initialisation
 * first (they are not device work), then the specific families before the generic ones
 * (`conv2d_implicit_gemm` is a convolution, `flash_fwd_..._gemm` attention, not GEMM; a BLAS
 * library's `splitKreduce` is GEMM, not a reduction).
 * To teach the tool a vendor's kernel names, add a pattern here.
 */
export type KernelCategory =
  | 'runtime'
  | 'communication'
  | 'attention'
  | 'convolution'
  | 'memcpy'
  | 'normalization'
  | 'softmax'
  | 'gemm'
  | 'elementwise'
  | 'other';

export interface KernelRule {
  category: Exclude<KernelCategory, 'other'>;
  patterns: string[];
}

const KERNEL_RULES: readonly KernelRule[] = [
  {
    // Host-side runtime/driver API entries (CUDA, MetaX MACA, HIP): launches, module loads, allocations, syncs.
    category: 'runtime',
    patterns: [
      '^(cu|cuda|mc|hip)(ModuleLoad|ModuleGetFunction|ModuleUnload|LaunchKernel|LaunchCooperativeKernel|Malloc|MallocHost|MallocAsync|MallocManaged|HostAlloc|HostRegister|Free|FreeHost|FreeAsync|StreamCreate|StreamDestroy|StreamSynchronize|StreamWaitEvent|DeviceSynchronize|EventCreate|EventDestroy|EventRecord|EventSynchronize|EventQuery|GetDevice|SetDevice|GetDeviceProperties|DeviceGetAttribute|FuncGetAttributes?|FuncSetAttribute|CtxCreate|CtxSynchronize|Init|GetLastError|PeekAtLastError|GraphLaunch|GraphInstantiate|GraphCreate|StreamBeginCapture|StreamEndCapture|OccupancyMaxActiveBlocksPerMultiprocessor)',
      '^(cublas|mcblas|cudnn|mcdnn)(Create|Destroy|SetStream|SetWorkspace)',
    ],
  },
  { category: 'communication', patterns: ['nccl', 'xccl', 'mccl', 'rccl', 'all_?reduce', 'all_?gather', 'reduce_?scatter', 'all_?to_?all', 'broadcast', 'send_?recv'] },
  { category: 'attention', patterns: ['flash_?attn', 'flash_fwd', 'flash_bwd', 'fmha', 'attention', 'attn', '(^|_)mha(_|$)', 'sdpa', 'scaled_dot_product', 'paged_?kv', 'decode_?attention'] },
  { category: 'convolution', patterns: ['conv[123]?d', '(^|_)conv(_|$)', 'convolution', 'im2col', 'winograd', 'depthwise'] },
  {
    category: 'memcpy',
    patterns: ['memcpy', 'memset', '^(cuda|mc|hip)Memcpy', '^(cuda|mc|hip)Memset', '(^|[ _])(HtoD|DtoH|DtoD|HtoH|PtoP)([ _]|$)', 'copy_?kernel'],
  },
  { category: 'normalization', patterns: ['layer_?norm', 'rms_?norm', 'batch_?norm', 'group_?norm', 'instance_?norm', 'l2_?norm', '(^|_)norm_fwd', 'normalization'] },
  { category: 'gemm', patterns: ['gemm', 'gemv', 'matmul', 'mcblas', 'cublas', 'hipblas', 'rocblas', 'cutlass', 'wgmma', '(^|_)mma(_|$)', '(^|_)linear(_|$)', 'weight_only', 'int8_?mm', 'fp8_?mm', 'dot_?product'] },
  { category: 'softmax', patterns: ['softmax', 'reduce', 'reduction', '(^|_)sum_kernel', 'argmax', 'arg_?max', 'top_?k', 'topp', 'top_p', 'sampling', 'cumsum', 'logsumexp'] },
  {
    category: 'elementwise',
    patterns: ['elementwise', '(^|_)(add|sub|mul|div|scale|bias|cast|fill|where|clip|pow|exp|sqrt)(_|$)', 'silu', 'gelu', 'relu', 'swiglu', 'swish', 'sigmoid', 'tanh', 'activation', '(^|_)act(_|$)', 'rotary', 'rope', 'embedding', 'transpose', 'concat', 'split', 'slice', 'gather', 'scatter', 'index_select', 'vectorized', 'unrolled'],
  },
];

const COMPILED = KERNEL_RULES.map((r) => ({ category: r.category, res: r.patterns.map((p) => new RegExp(p, 'i')) }));

export function categorize(name: string): KernelCategory {
  for (const r of COMPILED) if (r.res.some((re) => re.test(name))) return r.category;
  return 'other';
}
