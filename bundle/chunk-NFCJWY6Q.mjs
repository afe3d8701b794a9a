import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a,b}from"./chunk-XDOWG3TQ.mjs";import"./chunk-6KPKVMY4.mjs";export{b as describeRuns,a as splitRuns};
