import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{c as a,d as b}from"./chunk-IJEWHCDY.mjs";import"./chunk-WFDJDCLP.mjs";import"./chunk-6KPKVMY4.mjs";export{b as compare,a as resolveMetric};
