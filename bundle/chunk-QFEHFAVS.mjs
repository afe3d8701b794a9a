import { createRequire as __rfcCreateRequire } from 'node:module'; const require = __rfcCreateRequire(import.meta.url);
import{fileURLToPath as t}from"node:url";import o from"node:path";var e=o.resolve(t(new URL(".",import.meta.url)),".."),i=o.join(e,"schemas"),s=o.join(e,"templates"),m=t(new URL(".",import.meta.url));export{e as a,i as b,s as c,m as d};
