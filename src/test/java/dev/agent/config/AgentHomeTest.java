package dev.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentHomeTest {
  @Test
  void agentHomeWinsThenHomeThenTheAccountsHome() {
    assertEquals(
        Path.of("/srv/agent"),
        AgentHome.resolve(Map.of("AGENT_HOME", "/srv/agent", "HOME", "/home/me")));
    assertEquals(Path.of("/home/me/.agent"), AgentHome.resolve(Map.of("HOME", "/home/me")));
    assertEquals(
        Path.of(System.getProperty("user.home"), ".agent"), AgentHome.resolve(Map.of("HOME", "")));
  }
}
