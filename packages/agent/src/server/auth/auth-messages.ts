import { createMessages, type Messages } from '../../kit/i18n/messages.ts';

/**
 * The keys of the sign-in pages' texts.
 *
 * @example
 * import type { AuthMessageKey } from './auth-messages.ts';
 * const key: AuthMessageKey = 'submit';
 */
export type AuthMessageKey =
  | 'pageTitle'
  | 'heading'
  | 'intro'
  | 'emailLabel'
  | 'passwordLabel'
  | 'submit'
  | 'invalidCredentials'
  | 'rateLimited'
  | 'formExpired'
  | 'signedOut'
  | 'languageLabel'
  | 'errorTitle'
  | 'csrfFailed'
  | 'forbidden'
  | 'backToSignIn';

/**
 * Texts of the sign-in, sign-out and access-error pages in Brazilian Portuguese, Spanish and English.
 *
 * @example
 * import { authMessages } from './auth-messages.ts';
 * authMessages.t('es', 'rateLimited', { minutes: 15 }); // 'Demasiados intentos fallidos. Vuelve a intentarlo en 15 min.'
 */
export const authMessages: Messages<AuthMessageKey> = createMessages<AuthMessageKey>({
  'pt-BR': {
    pageTitle: 'Entrar — hotpilot',
    heading: 'Entrar no hotpilot',
    intro: 'Use o e-mail e a senha da sua conta de operador.',
    emailLabel: 'E-mail',
    passwordLabel: 'Senha',
    submit: 'Entrar',
    invalidCredentials: 'E-mail ou senha inválidos.',
    rateLimited: 'Muitas tentativas sem sucesso. Tente novamente em {minutes} min.',
    formExpired: 'O formulário expirou. Tente de novo.',
    signedOut: 'Você saiu da sua conta.',
    languageLabel: 'Idioma',
    errorTitle: 'Acesso negado — hotpilot',
    csrfFailed: 'A verificação de segurança do formulário falhou. Recarregue a página e tente de novo.',
    forbidden: 'Sua conta não tem permissão para esta página.',
    backToSignIn: 'Voltar para o login',
  },
  es: {
    pageTitle: 'Iniciar sesión — hotpilot',
    heading: 'Inicia sesión en hotpilot',
    intro: 'Usa el correo electrónico y la contraseña de tu cuenta de operador.',
    emailLabel: 'Correo electrónico',
    passwordLabel: 'Contraseña',
    submit: 'Iniciar sesión',
    invalidCredentials: 'Correo electrónico o contraseña incorrectos.',
    rateLimited: 'Demasiados intentos fallidos. Vuelve a intentarlo en {minutes} min.',
    formExpired: 'El formulario caducó. Inténtalo de nuevo.',
    signedOut: 'Cerraste la sesión.',
    languageLabel: 'Idioma',
    errorTitle: 'Acceso denegado — hotpilot',
    csrfFailed: 'Falló la verificación de seguridad del formulario. Recarga la página e inténtalo de nuevo.',
    forbidden: 'Tu cuenta no tiene permiso para esta página.',
    backToSignIn: 'Volver al inicio de sesión',
  },
  en: {
    pageTitle: 'Sign in — hotpilot',
    heading: 'Sign in to hotpilot',
    intro: 'Use the e-mail and password of your operator account.',
    emailLabel: 'E-mail',
    passwordLabel: 'Password',
    submit: 'Sign in',
    invalidCredentials: 'Invalid e-mail or password.',
    rateLimited: 'Too many failed attempts. Try again in {minutes} min.',
    formExpired: 'This form expired. Please try again.',
    signedOut: 'You are signed out.',
    languageLabel: 'Language',
    errorTitle: 'Access denied — hotpilot',
    csrfFailed: 'The security check of the form failed. Reload the page and try again.',
    forbidden: 'Your account is not allowed to see this page.',
    backToSignIn: 'Back to sign-in',
  },
});
