import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-NZ4UR7AF.mjs";import"./chunk-C45PLVCN.mjs";import"./chunk-ATXWOM6L.mjs";import"./chunk-WFRJMHPN.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-6KPKVMY4.mjs";export{a as ANALYSIS_NAMES,c as analyse,d as analyseWith,b as analysers};
