import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{d as a,e as b,f as c}from"./chunk-T25CBK5F.mjs";import"./chunk-E6HHLZTF.mjs";import"./chunk-L4QMLVWR.mjs";import"./chunk-6KPKVMY4.mjs";export{c as compare,a as resolveMetric,b as resolvePair};
