// English speech-act cues (pattern language of cues.ts), tuned for marketplace haggling: a deal
// is the buyer accepting a price; a refusal is walking away or "can't do that".

export const EN_NEGATION_NEUTRALIZERS = [
  'no problem*', 'not a problem', 'no worries', 'why not', 'not bad', "don't mind", 'do not mind', "wouldn't mind", 'no doubt',
  'not too bad', "can't wait", 'cannot wait', "can't beat", "couldn't be happier", 'no rush', 'not sure if', 'no hurry',
];

export const EN_REFUSAL = [
  'no thanks', 'no thank you', 'not interested', "i'll pass", 'i will pass', 'pass on', "can't do", 'cannot do', "can't go", 'cannot go',
  "can't afford", 'cannot afford', 'too much', 'too high', 'too expensive', 'too steep', 'too pricey', 'no deal', 'not going to work',
  "won't work", 'will not work', "doesn't work", 'does not work', 'not worth', "i don't think", 'no way', 'look elsewhere',
  'find another', 'somewhere else', 'out of my budget', 'out of my price range', 'out of my range', "i'm out", "we're done",
  'not willing', "won't be able", 'unable to', 'not for me', "i'll keep looking", 'keep looking', 'walk away', 'move on',
  'never mind', 'nevermind', 'forget it', 'good luck', 'best of luck', 'not that low', "can't accept", 'cannot accept', 'decline',
  'reject', 'final offer', 'can only do', 'can only pay', 'can only go', 'only pay', 'already sold', 'sold it', 'end this', 'no longer interested',
  'firm on', 'not budging', 'way too', "that's a lot", 'not possible', 'impossible', "i'm sorry but", 'sorry, but',
];

export const EN_STRONG_ACCEPT = [
  'deal', "it's a deal", 'we have a deal', 'you have a deal', 'sounds good', 'sounds great', 'sounds fair', 'sounds perfect',
  'sounds like a plan', 'works for me', 'that works', 'i accept', 'accepted', 'agreed', 'i agree', "i'll take it", 'i will take it',
  "i'll take", 'take it', 'i can do that', 'i could do that', 'can do that', 'i can work with', "let's do it", 'lets do it', "let's do",
  'perfect', 'great', 'awesome', 'wonderful', 'excellent', 'fair enough', 'fine', 'ok', 'okay', 'sure', 'yes', 'yeah', 'yep', 'alright',
  'all right', 'fair price', 'done', 'good price', "you've got", 'you got it', 'happy to', 'glad to', 'see you', 'pick it up',
  'come get it', 'send me', 'when can i', 'where can i', 'i will come', "i'll come", 'meet',
];
export const EN_COMMIT_ACCEPT = ['deal', "i'll take it", 'i will take it', 'i accept', "let's do it", 'i can do that', 'works for me', 'agreed'];
export const EN_WEAK_ACCEPT = ['maybe', 'possibly', 'interested', 'i guess', 'i suppose', 'that could work', 'might work'];

export const EN_DEFERRAL = [
  'think about it', 'let me think', 'get back to you', 'i will check', "i'll check", 'talk to my', 'ask my', 'check with', 'sleep on it',
  'let you know', 'email me', 'send me more', 'call you later', 'maybe later', 'not right now',
];

export const EN_OBJECTIONS: Record<string, string[]> = {
  price: ['too much', 'too high', 'too expensive', 'too steep', 'pricey', 'expensive', 'afford', 'budget', 'lower', 'come down', 'cheaper',
    'best price', 'less', 'discount', 'knock off', 'reduce', 'high for', 'a lot for', 'overpriced', 'price range', 'go down', 'drop'],
  competitor: ['other listing', 'another seller', 'seen it for', 'found one', 'elsewhere', 'similar one', 'online for', 'new one for'],
  need: ["don't need", 'do not need', 'not interested', 'no use'],
  time: ['no time', 'busy', 'later'],
  trust: ['scam', 'condition', 'damage', 'scratches', 'broken', 'wear', 'old', 'issues', 'problems', 'worn', 'used'],
  authority: ['my wife', 'my husband', 'my partner', 'my boss', 'roommate'],
  quality: ['not what', 'different ad', 'wrong'],
};

export const EN_GREETING = ['hi', 'hello', 'hey', 'good morning', 'good afternoon', 'good evening', 'greetings'];
export const EN_FAREWELL = ['bye', 'goodbye', 'take care', 'have a good', 'have a nice', 'thanks again'];
