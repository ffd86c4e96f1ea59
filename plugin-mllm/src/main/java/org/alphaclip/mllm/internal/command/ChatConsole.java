package org.alphaclip.mllm.internal.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

import org.alphaclip.mllm.Chat;
import org.alphaclip.mllm.DecodingSettings;
import org.alphaclip.mllm.GenerationException;
import org.alphaclip.mllm.TokenListener;

/**
 * {@code mllm:chat}'s conversation in the shell: prompts with {@code "> "}, reads a line, streams the answer, until an
 * empty line, {@value #EXIT} or the end of the input. A turn that cannot run (a question that would pass the context,
 * say) prints its error and the conversation goes on.
 */
public final class ChatConsole {

    /** The line that ends a chat. */
    static final String EXIT = "/exit";

    /**
     * How a chat ended.
     *
     * @param turns the questions answered
     * @param positions the positions the conversation held at the end
     * @param context the model's context length
     */
    public record Summary(int turns, int positions, int context) {
        @Override
        public String toString() {
            return "Chat ended after " + turns + (turns == 1 ? " turn" : " turns") + "; the conversation held " + positions
                    + " of " + context + " positions";
        }
    }

    private ChatConsole() {
    }

    /** Runs the conversation until the user ends it. */
    static Summary run(Chat chat, DecodingSettings settings, BufferedReader in, PrintStream out, TokenListener stream,
            int context) throws IOException {
        int turns = 0;
        while (true) {
            out.print("> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.isBlank() || line.strip().equals(EXIT)) {
                return new Summary(turns, chat.positions(), context);
            }
            try {
                chat.reply(line, settings, stream);
                turns++;
                out.println();
            } catch (GenerationException e) {
                out.println("Error: " + e.getMessage());
            }
            out.flush();
        }
    }
}
