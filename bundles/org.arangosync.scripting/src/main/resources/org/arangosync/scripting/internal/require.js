// Defines require(name) over the modules the engine made: the only modules a runbook has.
(function (modules) {
  'use strict';
  globalThis.require = function require(name) {
    if (!Object.prototype.hasOwnProperty.call(modules, name)) {
      throw new Error("require('" + name + "'): there is no such module; a runbook can use "
          + Object.keys(modules).map(function (each) { return "'" + each + "'"; }).join(' and '));
    }
    return modules[name];
  };
})
