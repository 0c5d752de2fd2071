import { a as b } from './x';
function f() { b(); this.g(); new Foo(); obj?.h(); require('y'); }
