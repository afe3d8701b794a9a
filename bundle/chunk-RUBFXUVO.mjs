import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a,b}from"./chunk-E6HHLZTF.mjs";import"./chunk-6KPKVMY4.mjs";export{b as cannotTell,a as decideTarget};
