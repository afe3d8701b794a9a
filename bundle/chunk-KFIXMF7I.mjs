import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{e as a,f as b,g as c}from"./chunk-P5OEUG3A.mjs";import"./chunk-4I4WLNRD.mjs";import"./chunk-6KPKVMY4.mjs";export{c as compare,a as resolveMetric,b as resolvePair};
