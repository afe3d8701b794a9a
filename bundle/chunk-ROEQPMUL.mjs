import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g,h}from"./chunk-JIYXV3RH.mjs";import"./chunk-QSMULSZG.mjs";import"./chunk-6KPKVMY4.mjs";export{a as KernelAggregator,e as TracePart,b as UNNAMED,c as kernelName,g as scanSecondPart,d as stripDurationSuffix,h as summariseSplit,f as summariseTrace};
