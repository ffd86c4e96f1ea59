package org.alphaclip.rec.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alphaclip.rec.internal.relation.Spatial;

/**
 * Parses a referring expression into a subject with relations and superlatives, ReCLIP-style: words are
 * tagged with OpenNLP's part-of-speech model, and rule-based chunking turns the tags into entities.
 *
 * <ol>
 * <li>An entity is a run of determiners, modifiers and nouns holding at least one noun ({@code the red
 *     circle}), or ending in a modifier that a relation keyword or preposition follows (a noun tagged as
 *     an adjective: {@code the square right of}); keywords and picture words ({@code side}, {@code half},
 *     {@code image}, ...) end a run.</li>
 * <li>Keywords and modifiers just before a run belong to it ({@code the leftmost shape}: a superlative).</li>
 * <li>The words between two entities link them: a keyword that reaches the next entity directly
 *     ({@code above the}) or through its connector ({@code left of the}, {@code bigger than the}) makes a
 *     relation to it, and later links attach to that entity; {@code between X and Y} takes both. Other
 *     keywords are superlatives of the entity before ({@code the man on the left in a white shirt}). A
 *     link without a relation adds the next entity to the text of the one before
 *     ({@code the man in a white shirt}).</li>
 * <li>The first entity is the subject; keywords before it are its superlatives.</li>
 * <li>An entity whose words are only determiners and generic nouns ({@code the leftmost one}, {@code the
 *     biggest shape}) has an empty text: geometry alone picks among the candidates.</li>
 * </ol>
 */
public final class ExpressionParser {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)*|'s");

    private final PosTagger tagger;

    /** A parser tagging with the given tagger. */
    public ExpressionParser(PosTagger tagger) {
        this.tagger = tagger;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException when the expression is empty or has no words
     */
    public ParsedExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("The expression is empty; say which object to find, e.g. "
                    + "'the red circle left of the blue square'");
        }
        List<String> words = words(expression);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("The expression '" + expression.strip() + "' has no words");
        }
        String[] tags = tagger.tag(words);
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            tokens.add(Token.of(words.get(i), tags[i]));
        }
        return new ParsedExpression(expression.strip(), new Chunker(tokens).subject().toEntity());
    }

    /** The lower-case words of a text; hyphenated keywords are joined ({@code left-most} is {@code leftmost}). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String word = m.group();
            String joined = word.replace("-", "");
            words.add(!joined.equals(word) && Lexicon.keyword(joined).isPresent() ? joined : word);
        }
        return words;
    }

    /** What a word does in the chunking rules. */
    enum Kind {
        DET, MOD, NOUN, KEY, PICTURE, PREP, CONJ, OTHER
    }

    /** A tagged word. */
    record Token(String word, String tag, Kind kind, Lexicon.Keyword keyword) {

        static Token of(String word, String tag) {
            Lexicon.Keyword keyword = Lexicon.keyword(word).orElse(null);
            return new Token(word, tag, kindOf(word, tag, keyword != null), keyword);
        }

        private static Kind kindOf(String word, String tag, boolean isKeyword) {
            if (isKeyword) {
                return Kind.KEY;
            }
            if (Lexicon.isPictureWord(word)) {
                return Kind.PICTURE;
            }
            if (word.equals("of") || word.equals("to") || word.equals("than") || word.equals("from")) {
                return Kind.PREP;
            }
            if (word.equals("one") || word.equals("ones")) {
                return Kind.NOUN;
            }
            return switch (tag) {
                case "DET" -> Kind.DET;
                case "ADJ", "NUM", "ADV" -> Kind.MOD;
                case "NOUN", "PROPN" -> Kind.NOUN;
                case "ADP", "PART" -> Kind.PREP;
                case "CCONJ" -> Kind.CONJ;
                default -> Kind.OTHER;
            };
        }

        boolean isModifier() {
            return kind == Kind.DET || kind == Kind.MOD;
        }
    }

    /** An entity while it is being built: its token span and what has been attached to it. */
    private static final class Draft {
        final int start;
        final int end;
        final List<String> words = new ArrayList<>();
        final List<Spatial> superlatives = new ArrayList<>();
        boolean describes;
        final List<RelationDraft> relations = new ArrayList<>();

        Draft(int start, int end) {
            this.start = start;
            this.end = end;
        }

        /** Adds a superlative once; inside and between have none (a lone {@code inside} says nothing). */
        void addSuperlative(Spatial relation) {
            if (!relation.isTernary() && relation != Spatial.INSIDE && !superlatives.contains(relation)) {
                superlatives.add(relation);
            }
        }

        /** Adds a word of the entity's text; determiners and generic nouns alone describe nothing. */
        void addWord(Token token) {
            words.add(token.word());
            describes |= token.kind() != Kind.DET && !Lexicon.isGeneric(token.word());
        }

        /** The entity; one that its words do not describe ({@code the leftmost one}) gets an empty text. */
        Entity toEntity() {
            return new Entity(describes ? String.join(" ", words) : "",
                    relations.stream().map(RelationDraft::toRelation).toList(), superlatives);
        }
    }

    private record RelationDraft(Spatial kind, Draft object, Draft second) {
        Entity.Relation toRelation() {
            return new Entity.Relation(kind, object.toEntity(), second == null ? null : second.toEntity());
        }
    }

    /** The chunking rules over one tagged expression. */
    private static final class Chunker {
        private final List<Token> tokens;
        private final List<Draft> drafts = new ArrayList<>();

        Chunker(List<Token> tokens) {
            this.tokens = tokens;
            int previousEnd = 0;
            for (int[] run : nounRuns()) {
                Draft draft = new Draft(premodifierStart(run[0], previousEnd), run[1]);
                for (int i = draft.start; i < draft.end; i++) {
                    Token t = tokens.get(i);
                    if (t.kind() == Kind.KEY) {
                        draft.addSuperlative(t.keyword().relation());
                    } else {
                        draft.addWord(t);
                    }
                }
                drafts.add(draft);
                previousEnd = run[1];
            }
        }

        /** Links the entities and returns the subject. */
        Draft subject() {
            if (drafts.isEmpty()) {
                Draft only = new Draft(0, tokens.size());
                superlativesIn(0, tokens.size(), only);
                return only;
            }
            Draft subject = drafts.get(0);
            superlativesIn(0, subject.start, subject);
            Draft current = subject;
            int i = 0;
            while (i < drafts.size()) {
                int linkStart = drafts.get(i).end;
                if (i + 1 == drafts.size()) {
                    superlativesIn(linkStart, tokens.size(), current);
                    break;
                }
                Draft next = drafts.get(i + 1);
                List<Spatial> relations = new ArrayList<>();
                int afterMarkers = linkStart;
                for (int p = linkStart; p < next.start; p++) {
                    Token t = tokens.get(p);
                    if (t.kind() == Kind.KEY) {
                        if (reaches(p, next.start)) {
                            relations.add(t.keyword().relation());
                        } else {
                            current.addSuperlative(t.keyword().relation());
                        }
                        afterMarkers = p + 1;
                    } else if (t.kind() == Kind.PICTURE) {
                        afterMarkers = p + 1;
                    }
                }
                if (relations.isEmpty()) {
                    for (int p = afterMarkers; p < next.start; p++) {
                        current.addWord(tokens.get(p));
                    }
                    current.words.addAll(next.words);
                    current.describes |= next.describes;
                    next.superlatives.forEach(current::addSuperlative);
                    i++;
                    continue;
                }
                Draft second = null;
                int consumed = i + 1;
                if (relations.contains(Spatial.BETWEEN)) {
                    if (i + 2 < drafts.size() && isConjunction(next.end, drafts.get(i + 2).start)) {
                        second = drafts.get(i + 2);
                        consumed = i + 2;
                    } else {
                        second = next;
                    }
                }
                for (Spatial relation : relations) {
                    current.relations.add(new RelationDraft(relation, next, relation.isTernary() ? second : null));
                }
                current = drafts.get(consumed);
                i = consumed;
            }
            return subject;
        }

        /** Maximal runs of determiners, modifiers and nouns that hold a noun, as [start, end). */
        private List<int[]> nounRuns() {
            List<int[]> runs = new ArrayList<>();
            int i = 0;
            while (i < tokens.size()) {
                if (!isRunKind(tokens.get(i).kind())) {
                    i++;
                    continue;
                }
                int start = i;
                boolean hasNoun = false;
                while (i < tokens.size() && isRunKind(tokens.get(i).kind())) {
                    hasNoun |= tokens.get(i).kind() == Kind.NOUN;
                    i++;
                }
                if (hasNoun || endsInModifierBeforeLink(i)) {
                    runs.add(new int[] {start, i});
                }
            }
            return runs;
        }

        /**
         * Whether the run ending before {@code end} ends in a modifier that a relation keyword or a
         * preposition follows: a noun the tagger read as an adjective ({@code the square right of ...}).
         */
        private boolean endsInModifierBeforeLink(int end) {
            if (end >= tokens.size() || tokens.get(end - 1).kind() != Kind.MOD) {
                return false;
            }
            Token next = tokens.get(end);
            return next.kind() == Kind.PREP
                    || (next.kind() == Kind.KEY && next.keyword().form() != Lexicon.Form.SUPERLATIVE);
        }

        /**
         * Where an entity's span starts once the keywords and modifiers just before its run are added
         * ({@code the biggest} in {@code the biggest star}). Prepositional keywords stay in the link; when
         * only modifiers and keywords separate the run from the previous entity, the keywords belong to
         * that entity ({@code zebra furthest back}).
         */
        private int premodifierStart(int runStart, int previousEnd) {
            int k = runStart - 1;
            while (k >= previousEnd && isPremodifier(tokens.get(k))) {
                k--;
            }
            int start = k + 1;
            if (start == previousEnd && previousEnd > 0) {
                for (int p = runStart - 1; p >= start; p--) {
                    if (tokens.get(p).kind() == Kind.KEY) {
                        return p + 1;
                    }
                }
            }
            return start;
        }

        private static boolean isPremodifier(Token t) {
            return t.isModifier() || (t.kind() == Kind.KEY && t.keyword().form() != Lexicon.Form.PREPOSITION);
        }

        private static boolean isRunKind(Kind kind) {
            return kind == Kind.DET || kind == Kind.MOD || kind == Kind.NOUN;
        }

        /** Whether the keyword at {@code p} takes the entity starting at {@code objectStart} as its object. */
        private boolean reaches(int p, int objectStart) {
            Lexicon.Keyword keyword = tokens.get(p).keyword();
            int rest = p + 1;
            switch (keyword.form()) {
                case SUPERLATIVE:
                    return false;
                case PREPOSITION:
                    break;
                default:
                    if (rest >= objectStart || !Lexicon.connects(keyword.form(), tokens.get(rest).word())) {
                        return false;
                    }
                    rest++;
            }
            for (int q = rest; q < objectStart; q++) {
                if (!tokens.get(q).isModifier()) {
                    return false;
                }
            }
            return true;
        }

        private boolean isConjunction(int start, int end) {
            boolean and = false;
            for (int p = start; p < end; p++) {
                Token t = tokens.get(p);
                if (t.kind() == Kind.CONJ && t.word().equals("and") && !and) {
                    and = true;
                } else if (!t.isModifier()) {
                    return false;
                }
            }
            return and;
        }

        private void superlativesIn(int start, int end, Draft owner) {
            for (int p = start; p < end; p++) {
                Token t = tokens.get(p);
                if (t.kind() == Kind.KEY) {
                    owner.addSuperlative(t.keyword().relation());
                }
            }
        }
    }
}
