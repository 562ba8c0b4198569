/** Where the second-factor pages live (sign-in sends people there). */
export const SECOND_FACTOR_PATH = '/sign-in/second-factor';
export const SECOND_FACTOR_SET_UP_PATH = '/sign-in/second-factor/set-up';
