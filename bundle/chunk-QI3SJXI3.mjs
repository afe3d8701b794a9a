import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{e as a,f as b,g as c}from"./chunk-GBAHO7WT.mjs";import"./chunk-WXI6KPIQ.mjs";import"./chunk-6KPKVMY4.mjs";export{c as compare,a as resolveMetric,b as resolvePair};
