export {
  createTypeChecker,
  type TypeChecker,
  type TypeCheckerOptions,
  type TypeCheckerStats,
  type TypeCheckResult,
  type TypeDiagnostic,
} from './checker.js';
