export {
  createTypeChecker,
  type TypeChecker,
  type TypeCheckerOptions,
  type TypeCheckResult,
  type TypeDiagnostic,
} from './checker.js';
