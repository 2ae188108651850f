import { createMessages } from '../../kit/i18n/messages.ts';

/**
 * What the HR agent writes: the certificate's texts (in the student's language) and, for the seller's team, the
 * Slack congratulation and the skills-matrix headers (in the settings' language).
 *
 * @example
 * import { hrMessages } from './hr-messages.ts';
 * hrMessages.t('es', 'certificateTitle'); // 'Certificado de Finalización'
 */
export const hrMessages = createMessages({
  'pt-BR': {
    certificateTitle: 'Certificado de Conclusão',
    certificateIntro: 'Certificamos que',
    certificateCompleted: 'concluiu o curso',
    certificateDate: 'em {date}',
    certificateIssuer: 'Emitido por',
    certificateCode: 'Código de verificação',
    certificateFileName: 'certificado',
    slackCertified:
      ':mortar_board: {name} concluiu {course} em {date}. Certificado {code} enviado para {email}.',
    slackCertifiedNotSent: ':mortar_board: {name} concluiu {course} em {date}. Certificado {code} emitido.',
    headerKey: 'Chave',
    headerEmail: 'E-mail',
    headerName: 'Nome',
    headerCourse: 'Curso',
    headerCompletedOn: 'Concluído em',
    headerCode: 'Código do certificado',
  },
  es: {
    certificateTitle: 'Certificado de Finalización',
    certificateIntro: 'Se certifica que',
    certificateCompleted: 'completó el curso',
    certificateDate: 'el {date}',
    certificateIssuer: 'Emitido por',
    certificateCode: 'Código de verificación',
    certificateFileName: 'certificado',
    slackCertified:
      ':mortar_board: {name} completó {course} el {date}. Certificado {code} enviado a {email}.',
    slackCertifiedNotSent: ':mortar_board: {name} completó {course} el {date}. Certificado {code} emitido.',
    headerKey: 'Clave',
    headerEmail: 'Correo',
    headerName: 'Nombre',
    headerCourse: 'Curso',
    headerCompletedOn: 'Completado el',
    headerCode: 'Código del certificado',
  },
  en: {
    certificateTitle: 'Certificate of Completion',
    certificateIntro: 'This is to certify that',
    certificateCompleted: 'has completed the course',
    certificateDate: 'on {date}',
    certificateIssuer: 'Issued by',
    certificateCode: 'Verification code',
    certificateFileName: 'certificate',
    slackCertified: ':mortar_board: {name} completed {course} on {date}. Certificate {code} sent to {email}.',
    slackCertifiedNotSent: ':mortar_board: {name} completed {course} on {date}. Certificate {code} issued.',
    headerKey: 'Key',
    headerEmail: 'E-mail',
    headerName: 'Name',
    headerCourse: 'Course',
    headerCompletedOn: 'Completed on',
    headerCode: 'Certificate code',
  },
});
