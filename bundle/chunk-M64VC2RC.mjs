import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{a}from"./chunk-66J552QV.mjs";import"./chunk-OO7ZCUOT.mjs";import"./chunk-TZF5MZHB.mjs";import"./chunk-ANRMGMEW.mjs";import"./chunk-5IN3EMD7.mjs";import"./chunk-QFEHFAVS.mjs";import"./chunk-TP2M3CAD.mjs";import"./chunk-6KPKVMY4.mjs";export{a as parseArtifact};
