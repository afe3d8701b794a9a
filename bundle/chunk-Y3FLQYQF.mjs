import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{c as a,d as b,e as c}from"./chunk-YSS7J4OJ.mjs";import"./chunk-WFDJDCLP.mjs";import"./chunk-6KPKVMY4.mjs";export{c as compare,a as resolveMetric,b as resolvePair};
