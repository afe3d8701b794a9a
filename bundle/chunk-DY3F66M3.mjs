import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{d as a,e as b,f as c}from"./chunk-ME7UKN4X.mjs";import"./chunk-E6HHLZTF.mjs";import"./chunk-4I4WLNRD.mjs";import"./chunk-6KPKVMY4.mjs";export{c as compare,a as resolveMetric,b as resolvePair};
