import { cpf } from '../generator/people.ts';
import type { Rng } from '../generator/random.ts';
import type { Buyer } from '../model.ts';

const FIRST_NAMES = [
  'Ana',
  'Beatriz',
  'Bruno',
  'Camila',
  'Carlos',
  'Daniela',
  'Eduardo',
  'Fernanda',
  'Gabriel',
  'Helena',
  'Igor',
  'Juliana',
  'Lucas',
  'Mariana',
  'Matheus',
  'Natália',
  'Otávio',
  'Paula',
  'Rafael',
  'Sofia',
  'Thiago',
  'Vitória',
] as const;

const LAST_NAMES = [
  'Almeida',
  'Barbosa',
  'Cardoso',
  'Costa',
  'Dias',
  'Ferreira',
  'Gomes',
  'Lima',
  'Martins',
  'Melo',
  'Oliveira',
  'Pereira',
  'Ribeiro',
  'Rocha',
  'Santos',
  'Silva',
  'Souza',
  'Teixeira',
] as const;

const CITIES = [
  { city: 'São Paulo', state: 'São Paulo', ddd: '11', zip: '01' },
  { city: 'Rio de Janeiro', state: 'Rio de Janeiro', ddd: '21', zip: '20' },
  { city: 'Belo Horizonte', state: 'Minas Gerais', ddd: '31', zip: '30' },
  { city: 'Uberlândia', state: 'Minas Gerais', ddd: '34', zip: '38' },
  { city: 'Curitiba', state: 'Paraná', ddd: '41', zip: '80' },
  { city: 'Porto Alegre', state: 'Rio Grande do Sul', ddd: '51', zip: '90' },
  { city: 'Salvador', state: 'Bahia', ddd: '71', zip: '40' },
  { city: 'Recife', state: 'Pernambuco', ddd: '81', zip: '50' },
  { city: 'Fortaleza', state: 'Ceará', ddd: '85', zip: '60' },
] as const;

const STREETS = [
  'Rua das Flores',
  'Avenida Brasil',
  'Rua XV de Novembro',
  'Avenida Paulista',
  'Rua da Paz',
] as const;
const NEIGHBORHOODS = ['Centro', 'Jardim América', 'Boa Vista', 'Santa Mônica', 'Vila Nova'] as const;

const digits = (random: Rng, count: number): string => {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random.int(0, 9));
  return out;
};

const plain = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * A new Brazilian buyer (the largest share of Hotmart's customers) for the scenario driver's journeys, drawn from
 * the run's seeded random source so a seed always creates the same people.
 *
 * @example
 * const person = newBuyerInput(createRng(7), 1, 'run-1');
 * const buyer = account.addBuyer(person);
 */
export function newBuyerInput(random: Rng, serial: number, tag: string): Omit<Buyer, 'ucode'> {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const place = random.pick(CITIES);
  return {
    name: `${firstName} ${lastName}`,
    first_name: firstName,
    last_name: lastName,
    email: `${plain(firstName)}.${plain(lastName)}.${tag}.${serial}@example.com`,
    phone: `${place.ddd}9${digits(random, 8)}`,
    phone_code: '55',
    document: cpf(random),
    document_type: 'CPF',
    locale: 'pt_BR',
    address: {
      city: place.city,
      state: place.state,
      country: 'Brasil',
      country_iso: 'BR',
      zip_code: `${place.zip}${digits(random, 6)}`,
      address: random.pick(STREETS),
      number: String(random.int(1, 2000)),
      complement: '',
      neighborhood: random.pick(NEIGHBORHOODS),
    },
  };
}
