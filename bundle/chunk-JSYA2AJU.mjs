import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-QSMULSZG.mjs";import"./chunk-6KPKVMY4.mjs";export{b as CAT_KERNEL,a as CAT_NONE,c as CAT_OTHER,d as TraceScanner,f as parseNumber,g as positionOfByte,e as tokenText};
