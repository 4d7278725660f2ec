package dev.agent.cli;

import dev.agent.chat.ChatException;
import dev.agent.config.AgentConfig;
import dev.agent.config.ConfigException;
import dev.agent.config.ProviderConfig;
import dev.agent.provider.ProviderRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code agent models [-p ID]}: the models the provider serves, one per line. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "List the models the provider serves (-p picks the provider).")
final class ModelsCommand implements Callable<Integer> {

  @ParentCommand AgentCommand root;

  @Override
  public Integer call() throws ConfigException, ChatException {
    AgentConfig config = root.configured();
    ProviderConfig provider = config.selectProvider(root.provider);
    try (ProviderRegistry registry = root.registry(config)) {
      for (String model : registry.client(provider).listModels()) {
        root.console().printLine(model);
      }
    }
    return ExitCodes.OK;
  }
}
